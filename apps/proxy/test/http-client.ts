import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import { request as requestTls } from "node:https";
import { connect } from "node:net";

export interface TTestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

/** node:http on purpose: unlike fetch and undici it lets a test send Connection, Keep-Alive, TE, ... */
export function httpRequest(
  proxyUrl: string,
  options: { path?: string; method?: string; headers?: OutgoingHttpHeaders; body?: string; tls?: { servername: string; ca: string } } = {},
): Promise<TTestResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.path ?? "/", proxyUrl);
    const send = url.protocol === "https:" ? requestTls : request;
    const req = send(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false, ...options.tls },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Writes bytes as given and returns everything the server sends until it closes the connection. */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("latin1")));
    socket.on("error", reject);
  });
}
