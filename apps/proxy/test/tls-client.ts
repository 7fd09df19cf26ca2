import { connect as connectHttp2, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http2";
import { connect, type ConnectionOptions, type PeerCertificate } from "node:tls";

export interface THandshake {
  readonly alpnProtocol: string | false | null;
  readonly protocol: string | null;
  readonly cipher: string;
  readonly certificate: PeerCertificate;
  readonly sessionReused: boolean;
  /** The TLS session to resume with (after TLS 1.3's ticket arrived), when the server sent one. */
  readonly session: Buffer | undefined;
}

/** One TLS handshake with the proxy on loopback; rejects with the handshake error (an alert from the server, ...). */
export function handshake(port: number, options: ConnectionOptions = {}): Promise<THandshake> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, rejectUnauthorized: false, ...options });
    let session: Buffer | undefined;
    socket.on("session", (ticket: Buffer) => (session = ticket));
    socket.once("error", reject);
    socket.once("secureConnect", () => {
      const result = {
        alpnProtocol: socket.alpnProtocol,
        protocol: socket.getProtocol(),
        cipher: socket.getCipher().name,
        certificate: socket.getPeerCertificate(),
        sessionReused: socket.isSessionReused(),
      };
      // TLS 1.3 sends its tickets after the handshake: read a moment, then end.
      socket.once("close", () => resolve({ ...result, session }));
      socket.end();
    });
  });
}

export interface TH2Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function openHttp2(port: number, servername: string, ca: string): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    // The authority names the host; the connection goes to the proxy on loopback.
    const session = connectHttp2(`https://${servername}:${port}`, {
      createConnection: () => connect({ host: "127.0.0.1", port, servername, ca, ALPNProtocols: ["h2"] }),
    });
    session.once("error", reject);
    session.once("connect", () => {
      session.off("error", reject);
      resolve(session);
    });
  });
}

/** One request on an open HTTP/2 session; `body` is sent in two DATA frames to exercise streaming. */
export function http2Request(session: ClientHttp2Session, headers: OutgoingHttpHeaders, body?: string): Promise<TH2Response> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    let response: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    stream.on("response", (head) => (response = head));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve({ status: Number(response[":status"]), headers: response, body: Buffer.concat(chunks).toString("utf8") }));
    stream.on("error", reject);
    if (body !== undefined) {
      const half = Math.floor(body.length / 2);
      stream.write(body.slice(0, half));
      setImmediate(() => stream.end(body.slice(half)));
    }
  });
}
