import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { DeadlineSweep, TDeadline } from "../limits/deadline-sweep.ts";
import type { TEdgeLimits } from "../limits/edge-limits.ts";
import { FrontRequest } from "./front-request.ts";
import { FrontResponse } from "./front-response.ts";
import { parseRequestHead } from "./request-head.ts";

/**
 * The lean HTTP/1.1 front of the plain-HTTP listener. node:http spends more CPU per request than the
 * whole rest of the proxy (IncomingMessage and ServerResponse streams, header objects, per-request
 * listeners); most proxied requests are plain body-less GETs that need none of it. This front reads
 * such requests itself (request-head.ts) and hands the handler a FrontRequest and FrontResponse,
 * which speak the part of IncomingMessage/ServerResponse the handler uses: routing, the guard, the
 * exchange, error pages, access log and metrics are the same code for both.
 *
 * The first request it does not take (a body, an upgrade, anything odd or too large) moves the
 * connection to node:http for good, unparsed bytes included, at a request boundary: node:http and the
 * edge's guard then answer it exactly as they would have. Timeouts are node:http's, with the same
 * limits: the header block must complete within headersTimeoutMs of its first byte (408 otherwise),
 * an idle keep-alive connection closes after keepAliveTimeoutMs, nothing times out while a
 * response is being produced (the upstream has its own timeouts).
 */
export interface TFrontOptions {
  readonly limits: TEdgeLimits;
  /** Checks the connections' header and keep-alive deadlines. */
  readonly sweep: DeadlineSweep;
  /** The server's request handler (observers and guard included), as node:http would call it. */
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Gives the connection to node:http; its unparsed bytes were put back into the socket. */
  handOver(socket: Socket): void;
}

const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
const REQUEST_TIMEOUT = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n";
const NO_BYTES = Buffer.alloc(0);

export class FrontConnection implements TDeadline {
  readonly #socket: Socket;
  readonly #options: TFrontOptions;
  readonly #keepAliveHeader: string;
  /** Received bytes not parsed yet: an incomplete head, or requests pipelined behind the current one. */
  #buffer: Buffer = NO_BYTES;
  #response: FrontResponse | undefined;
  /** When the header block in progress must be complete (0: none in progress). */
  #headDeadline = 0;
  /** The header deadline, the end of keep-alive, or Infinity while a response is being produced. */
  deadline = Infinity;
  /** node:http serves the connection now; whether it is idle is for node:http to say. */
  #handedOver = false;
  /** The last response was written: the connection only waits to be closed. */
  #lastResponseSent = false;
  /** Set by the server when it drains: answers get `Connection: close`, idle connections close. */
  closing = false;
  readonly #listeners: { data: (chunk: Buffer) => void; drain: () => void; close: () => void };

  constructor(socket: Socket, options: TFrontOptions) {
    this.#socket = socket;
    this.#options = options;
    this.#keepAliveHeader = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(options.limits.keepAliveTimeoutMs / 1000)}\r\n`;
    this.#listeners = {
      data: (chunk) => this.#received(chunk),
      drain: () => this.#response?.emit("drain"),
      close: () => this.#closed(),
    };
    socket.setNoDelay(true);
    socket.on("data", this.#listeners.data);
    socket.on("drain", this.#listeners.drain);
    socket.on("close", this.#listeners.close);
    socket.on("error", ignoreError);
    // A new connection owes its first header block within the header timeout, as in node:http.
    this.#startHead();
    options.sweep.add(this);
  }

  /**
   * Idle: no request in progress, nothing received towards the next one. Never after the hand-over:
   * the front's state is empty then even while node:http serves a request on the connection, and the
   * server's drain would cut that request (server.closeIdleConnections() closes it when idle instead).
   */
  get idle(): boolean {
    return !this.#handedOver && this.#response === undefined && this.#buffer.length === 0;
  }

  get socket(): Socket {
    return this.#socket;
  }

  #received(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    if (this.#response !== undefined) {
      // Pipelined: read on once the current response is done; stop reading while the backlog is large.
      if (this.#buffer.length > this.#options.limits.maxHeaderBytes) this.#socket.pause();
      return;
    }
    if (this.#headDeadline === 0) this.#startHead();
    this.#next();
  }

  /** Parses the next request from the buffer, if it is complete. */
  #next(): void {
    const buffer = this.#buffer;
    if (buffer.length === 0) return;
    const limit = this.#options.limits.maxHeaderBytes;
    const end = buffer.indexOf(HEAD_END);
    if (end === -1 || end + 4 > limit) {
      // Too large for us: node:http answers 431 (or reads on) exactly as before.
      if (buffer.length > limit) this.#handOver();
      else if (performance.now() > this.#headDeadline) this.#requestTimeout();
      return;
    }
    const head = parseRequestHead(buffer, end);
    if (head === undefined) return this.#handOver();
    this.#buffer = end + 4 === buffer.length ? NO_BYTES : buffer.subarray(end + 4);
    this.#headDeadline = 0;
    this.deadline = Infinity;
    const req = new FrontRequest(head, this.#socket);
    const res = new FrontResponse(req, this.#socket, !head.close && !this.closing, this.#keepAliveHeader, this.#finished);
    this.#response = res;
    this.#options.onRequest(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  }

  readonly #finished = (res: FrontResponse): void => {
    if (this.#response !== res) return;
    this.#response = undefined;
    if (!res.shouldKeepAlive || this.closing) return this.#closeAfterResponse();
    if (this.#socket.isPaused()) this.#socket.resume();
    if (this.#buffer.length === 0) {
      this.deadline = performance.now() + this.#options.limits.keepAliveTimeoutMs;
      return;
    }
    this.#startHead();
    this.#next();
  };

  /**
   * The last response on this connection: nothing more is read (later bytes are not requests we
   * serve), our side ends once it is written and the socket is destroyed then, as node:http does. A
   * peer that never reads what we wrote is cut when the header deadline passes.
   */
  #closeAfterResponse(): void {
    this.#lastResponseSent = true;
    this.#socket.off("data", this.#listeners.data);
    this.#buffer = NO_BYTES;
    this.deadline = performance.now() + this.#options.limits.headersTimeoutMs;
    this.#socket.destroySoon();
  }

  #startHead(): void {
    this.#headDeadline = performance.now() + this.#options.limits.headersTimeoutMs;
    this.deadline = this.#headDeadline;
  }

  expire(): void {
    if (this.#lastResponseSent) return void this.#socket.destroy();
    if (this.#response !== undefined) return;
    this.deadline = Infinity;
    // Between requests with nothing received: the keep-alive time is up. Otherwise the header block is late.
    if (this.#headDeadline === 0 && this.#buffer.length === 0) this.#socket.destroy();
    else this.#requestTimeout();
  }

  #requestTimeout(): void {
    this.#socket.write(REQUEST_TIMEOUT, "latin1");
    this.#closeAfterResponse();
  }

  #closed(): void {
    this.#options.sweep.delete(this);
    const res = this.#response;
    this.#response = undefined;
    // The client went away before the response finished: its listeners (exchange, observers) learn it here.
    if (res !== undefined && !res.writableFinished) res.emit("close");
  }

  /** Moves the connection, with whatever it received and did not parse, to node:http. */
  #handOver(): void {
    const socket = this.#socket;
    this.#handedOver = true;
    socket.off("data", this.#listeners.data);
    socket.off("drain", this.#listeners.drain);
    socket.off("close", this.#listeners.close);
    socket.off("error", ignoreError);
    this.#options.sweep.delete(this);
    // With no 'data' listener left, the bytes wait in the socket until node:http starts reading.
    if (this.#buffer.length > 0) socket.unshift(this.#buffer);
    this.#buffer = NO_BYTES;
    this.#options.handOver(socket);
  }

  /** For the server's drain: closes the connection if it is idle. */
  closeIfIdle(): void {
    if (this.idle) this.#socket.destroy();
  }
}

function ignoreError(): void {
  // 'close' follows every socket error; the response's listeners learn of it there.
}
