import { EventEmitter } from "node:events";
import { STATUS_CODES, type OutgoingHttpHeaders } from "node:http";
import type { Socket } from "node:net";
import { INVALID_FIELD_NAME, INVALID_FIELD_VALUE } from "../http1-bytes.ts";
import { holdWritesUntilTurnEnd, whenWritten } from "../write-batching.ts";
import type { FrontRequest } from "./front-request.ts";

/**
 * The response of a request the lean front parsed: the part of node:http's ServerResponse that the
 * handler, the upstream exchange and the observers use (writeHead, setHeader, write with
 * backpressure, end, cork, destroy; 'drain', 'finish' and 'close'), framed the way Node frames it:
 * the head is built at writeHead (then headersSent is true) and leaves with the first body bytes;
 * Content-Length when given or when end() brings the whole body, chunked otherwise; no body for
 * HEAD, 204 and 304; Date, and Connection with Keep-Alive or close.
 */
export class FrontResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  /** False answers with `Connection: close` and closes after the response (as in Node). */
  shouldKeepAlive: boolean;
  readonly req: FrontRequest;
  readonly socket: Socket;
  readonly #done: (res: FrontResponse) => void;
  readonly #keepAliveHeader: string;
  /** setHeader() fields waiting for the head, by lower-case name. */
  #fields: Map<string, [string, string | number | readonly string[]]> | undefined;
  /** The head, built but not written yet. */
  #head: string | undefined;
  #hasBody = true;
  #chunked = false;

  constructor(req: FrontRequest, socket: Socket, keepAlive: boolean, keepAliveHeader: string, done: (res: FrontResponse) => void) {
    super();
    this.req = req;
    this.socket = socket;
    this.shouldKeepAlive = keepAlive;
    this.#keepAliveHeader = keepAliveHeader;
    this.#done = done;
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    if (this.headersSent) throw new Error(`cannot set ${name}: the response head was already written`);
    (this.#fields ??= new Map()).set(name.toLowerCase(), [name, value]);
    return this;
  }

  /** Fields as a flat list or an object; names given here replace setHeader() ones (Node's rule). */
  writeHead(statusCode: number, fields?: readonly string[] | OutgoingHttpHeaders): this {
    if (this.headersSent) throw new Error("the response head was already written");
    this.statusCode = statusCode;
    if (Array.isArray(fields) && this.#fields === undefined) {
      // The proxied response's case: the list goes into the head as it is.
      this.#storeHead(fields as readonly string[], -1);
      return this;
    }
    const flat: string[] = [];
    if (Array.isArray(fields)) {
      for (let i = 0; i < fields.length; i += 2) flat.push(fields[i] as string, String(fields[i + 1]));
    } else if (fields !== undefined) {
      for (const name in fields) appendField(flat, name, (fields as OutgoingHttpHeaders)[name]);
    }
    if (this.#fields !== undefined) {
      for (const [lower, [name, value]] of this.#fields) {
        if (!hasField(flat, lower)) appendField(flat, name, value);
      }
    }
    this.#storeHead(flat, -1);
    return this;
  }

  write(chunk: Buffer | string): boolean {
    // After end() the next response may own the connection: nothing more may go out for this one.
    if (this.writableEnded) return false;
    if (!this.headersSent) this.#implicitHead(-1);
    return this.#writeBody(chunk);
  }

  end(chunk?: Buffer | string): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    if (!this.headersSent) this.#implicitHead(chunk === undefined ? 0 : Buffer.byteLength(chunk));
    const socket = this.socket;
    if (socket.destroyed) return this;
    holdWritesUntilTurnEnd(socket);
    if (chunk !== undefined && chunk.length > 0) this.#writeBody(chunk);
    else if (this.#head !== undefined) this.#flushHead();
    if (this.#chunked) socket.write(LAST_CHUNK);
    // Finished only once the kernel has every byte: the connection counts as idle then, and an idle
    // one may be closed (drain, keep-alive expiry) or ended by the next pipelined request.
    whenWritten(socket, finishResponse, this);
    return this;
  }

  // The head waits for the first body bytes or end(), and every write is held for the turn's batch
  // (write-batching.ts), so a caller's cork (the exchange corks for node:http's sake) would add nothing.
  cork(): void {}

  uncork(): void {}

  destroy(): this {
    this.socket.destroy();
    return this;
  }

  /** Called by finishResponse once the last byte is handed to the kernel. */
  finished(): void {
    if (this.writableFinished || this.socket.destroyed) return;
    this.writableFinished = true;
    this.emit("finish");
    // Before the connection moves on to the next request, so observers count this response's bytes only.
    this.emit("close");
    this.#done(this);
  }

  #implicitHead(contentLength: number): void {
    const flat: string[] = [];
    if (this.#fields !== undefined) for (const [name, value] of this.#fields.values()) appendField(flat, name, value);
    this.#storeHead(flat, contentLength);
  }

  /** `contentLength`: the whole body's length when end() brings it before any head, else -1. */
  #storeHead(flat: readonly string[], contentLength: number): void {
    const status = this.statusCode;
    const method = this.req.method;
    this.#hasBody = method !== "HEAD" && status !== 204 && status !== 304 && status >= 200;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "unknown"}\r\n`;
    let length = false;
    let te = false;
    let date = false;
    for (let i = 0; i < flat.length; i += 2) {
      const name = flat[i]!;
      switch (name.length) {
        case 4:
          if (name.toLowerCase() === "date") date = true;
          break;
        case 10:
          if (name.toLowerCase() === "connection") {
            if (flat[i + 1]!.toLowerCase().includes("close")) this.shouldKeepAlive = false;
            // Ours is added below; one Connection field only.
            continue;
          }
          break;
        case 14:
          if (name.toLowerCase() === "content-length") length = true;
          break;
        case 17:
          if (name.toLowerCase() === "transfer-encoding") te = true;
          break;
      }
      const value = flat[i + 1]!;
      // node:http's check: the head is written as latin1, where a wider character loses its high byte (U+010A becomes LF).
      if (name.length === 0 || INVALID_FIELD_NAME.test(name) || INVALID_FIELD_VALUE.test(value)) throw new InvalidHeaderError(name);
      head += `${name}: ${value}\r\n`;
    }
    if (!date) head += `Date: ${httpDate()}\r\n`;
    head += this.shouldKeepAlive ? this.#keepAliveHeader : "Connection: close\r\n";
    if (this.#hasBody && !length) {
      if (contentLength !== -1) head += `Content-Length: ${contentLength}\r\n`;
      else {
        this.#chunked = true;
        if (!te) head += "Transfer-Encoding: chunked\r\n";
      }
    }
    this.#head = `${head}\r\n`;
    this.headersSent = true;
  }

  #flushHead(): boolean {
    const head = this.#head!;
    this.#head = undefined;
    return this.socket.write(head, "latin1");
  }

  #writeBody(chunk: Buffer | string): boolean {
    const socket = this.socket;
    if (socket.destroyed) return false;
    holdWritesUntilTurnEnd(socket);
    if (this.#head !== undefined) {
      if (!this.#hasBody || chunk.length === 0) return this.#flushHead();
      if (typeof chunk !== "string" && chunk.length <= SMALL_BODY_BYTES) {
        // Head and a small first piece as one latin1 string (bytes map one to one): one buffered
        // write that leaves as a plain write, not the writev a head-then-body pair takes.
        const head = this.#head;
        this.#head = undefined;
        const body = chunk.toString("latin1");
        return socket.write(this.#chunked ? `${head}${chunk.length.toString(16)}\r\n${body}\r\n` : head + body, "latin1");
      }
      this.#flushHead();
      return this.#writeFramed(chunk);
    }
    if (!this.#hasBody || chunk.length === 0) return !socket.writableNeedDrain;
    return this.#writeFramed(chunk);
  }

  #writeFramed(chunk: Buffer | string): boolean {
    const socket = this.socket;
    if (!this.#chunked) return socket.write(chunk);
    socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n`, "latin1");
    socket.write(chunk);
    return socket.write(CRLF, "latin1");
  }
}

/** What node:http throws for the same field (ERR_INVALID_CHAR / ERR_INVALID_HTTP_TOKEN), before anything is written. */
class InvalidHeaderError extends Error {
  override readonly name = "InvalidHeaderError";
  readonly code = "ERR_INVALID_CHAR";
  constructor(field: string) {
    super(`Invalid character in the ${JSON.stringify(field)} header field: the response head was not written.`);
  }
}

/** Up to this size the first body piece is copied into the head's string (see #writeBody). */
const SMALL_BODY_BYTES = 4096;
const CRLF = "\r\n";
const LAST_CHUNK = "0\r\n\r\n";

function finishResponse(res: FrontResponse): void {
  res.finished();
}

function appendField(flat: string[], name: string, value: string | number | readonly string[] | undefined): void {
  if (value === undefined) return;
  if (typeof value === "object") for (const item of value) flat.push(name, item);
  else flat.push(name, String(value));
}

function hasField(flat: readonly string[], lower: string): boolean {
  for (let i = 0; i < flat.length; i += 2) if (flat[i]!.length === lower.length && flat[i]!.toLowerCase() === lower) return true;
  return false;
}

let dateSecond = 0;
let dateString = "";

/** The Date field's value, formatted once per second (as Node and nginx do). */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateString = new Date(now).toUTCString();
  }
  return dateString;
}
