import { connect, type Socket } from "node:net";

export interface TRawResponse {
  readonly status: number;
  /** The head as received, status line and fields, without the blank line. */
  readonly head: string;
  readonly body: Buffer;
  header(name: string): string | undefined;
}

/**
 * A raw TCP client for HTTP/1.1 tests: exact bytes out, and responses read off the wire one after
 * another with a client's framing (HEAD, chunked, Content-Length, to the close), so a framing error
 * on the server shows up as a wrong or unreadable response rather than being smoothed over.
 */
export class Wire {
  readonly socket: Socket;
  readonly closed: Promise<void>;
  #bytes = Buffer.alloc(0);
  #waiters: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.#bytes = Buffer.concat([this.#bytes, chunk]);
      this.#wake();
    });
    // A reset is something a test may observe, not a failure by itself.
    socket.on("error", () => {});
    this.closed = new Promise((resolve) => socket.once("close", () => (this.#wake(), resolve())));
  }

  static open(port: number): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => resolve(new Wire(socket)));
      socket.once("error", reject);
    });
  }

  send(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes);
  }

  /** What arrived and was not read as a response yet. */
  get unread(): Buffer {
    return this.#bytes;
  }

  /** The next response, framed as a client frames it (`method` of the request it answers). */
  async response(method = "GET"): Promise<TRawResponse> {
    for (;;) {
      const ended = this.socket.destroyed || this.socket.readableEnded;
      const parsed = readResponse(this.#bytes, method, ended);
      if (parsed !== undefined) {
        this.#bytes = this.#bytes.subarray(parsed.length);
        return parsed.response;
      }
      if (ended) {
        throw new Error(`connection closed mid-response; unread: ${JSON.stringify(this.#bytes.toString("latin1"))}`);
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}

/**
 * One response from the start of `bytes`, and its length on the wire; undefined until it is complete
 * (`ended`: the connection is closed, so nothing more will arrive).
 */
function readResponse(bytes: Buffer, method: string, ended: boolean): { response: TRawResponse; length: number } | undefined {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd === -1) return undefined;
  const head = bytes.toString("latin1", 0, headEnd);
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? Number.NaN);
  if (Number.isNaN(status)) throw new Error(`not a response: ${JSON.stringify(head)}`);
  const header = (name: string) => new RegExp(`\\r\\n${name}: ([^\\r]*)`, "i").exec(head)?.[1];
  const bodyStart = headEnd + 4;
  const respond = (body: Buffer, end: number) => ({ response: { status, head, body, header }, length: end });

  if (method === "HEAD" || status === 204 || status === 304) return respond(Buffer.alloc(0), bodyStart);
  if (header("transfer-encoding") === "chunked") {
    const parts: Buffer[] = [];
    let at = bodyStart;
    for (;;) {
      const lineEnd = bytes.indexOf("\r\n", at);
      if (lineEnd === -1) return undefined;
      const size = Number.parseInt(bytes.toString("latin1", at, lineEnd), 16);
      if (size === 0) return bytes.length < lineEnd + 4 ? undefined : respond(Buffer.concat(parts), expectCrlf(bytes, lineEnd + 2));
      if (bytes.length < lineEnd + 2 + size + 2) return undefined;
      parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = expectCrlf(bytes, lineEnd + 2 + size);
    }
  }
  const length = header("content-length");
  // No framing: the body runs to the end of the connection (RFC 9112 §6.3).
  if (length === undefined) return ended ? respond(bytes.subarray(bodyStart), bytes.length) : undefined;
  const end = bodyStart + Number(length);
  return bytes.length < end ? undefined : respond(bytes.subarray(bodyStart, end), end);
}

/** The offset after the CRLF expected at `at`: a chunk size that counted characters, not bytes, fails here. */
function expectCrlf(bytes: Buffer, at: number): number {
  if (bytes.toString("latin1", at, at + 2) !== "\r\n") throw new Error(`chunk not followed by CRLF at ${at}`);
  return at + 2;
}
