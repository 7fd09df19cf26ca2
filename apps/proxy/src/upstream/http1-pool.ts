import { connect, type Socket } from "node:net";
import { errors } from "undici";
import { INVALID_FIELD_NAME, INVALID_FIELD_VALUE } from "../http1-bytes.ts";
import { IndexedSet } from "../indexed-set.ts";
import { DeadlineSweep, type TDeadline } from "../limits/deadline-sweep.ts";
import { holdWritesUntilTurnEnd } from "../write-batching.ts";
import { Http1ResponseParser, type TResponseSink } from "./http1-response-parser.ts";

/**
 * Keep-alive HTTP/1.1 connections to one plain-HTTP target, for requests without a body: the
 * proxy's most common exchange, and where undici's generality cost the most per request (a profiled
 * ~20 µs of the ~90 a proxied request took on one core; see bench/proxy-throughput.ts). It speaks
 * the DispatchHandler contract of undici (onConnect, onHeaders, onData, onComplete, onError) with
 * undici's error classes, so UpstreamExchange, retries and failure classification stay one path.
 * Requests with a body, HTTPS targets, WebSockets and health checks keep using undici's Pool.
 *
 * Timeouts follow undici's: connect; response head (from sending, not refreshed by trickling
 * bytes); body idle between reads. Idle connections are closed after the keep-alive time, or
 * earlier when the backend's Keep-Alive hint asks for it.
 */
export interface TPlainDispatch {
  readonly method: string;
  readonly path: string;
  /** `[name, value, ...]`, Host included. */
  readonly headers: readonly string[];
  readonly headersTimeout: number;
  readonly bodyTimeout: number;
}

/** undici's DispatchHandler as UpstreamExchange implements it, with header fields as strings (no Buffer per field). */
export interface TPlainHandler {
  onConnect(abort: (reason?: Error) => void): void;
  onHeaders(statusCode: number, rawHeaders: string[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: null): void;
  onError(error: Error): void;
}

export interface THttp1PoolOptions {
  readonly connectMs: number;
  readonly keepAliveMs: number;
}

/** Every upstream connection's timeouts, checked ten times a second (they are seconds long). */
const SWEEP = new DeadlineSweep(100);

/** A path with whitespace, control characters or wider than a byte would change the request line (undici's rule). */
const INVALID_PATH = /[^\x21-\x7e\x80-\xff]/;

export class Http1Pool {
  readonly #host: string;
  readonly #port: number;
  readonly #options: THttp1PoolOptions;
  /** Most recently used last: reusing the warmest connection lets the others time out. */
  readonly #idle: Http1Connection[] = [];
  readonly #busy = new IndexedSet<Http1Connection>();
  #closed = false;
  #destroyed = false;
  #drained: (() => void) | undefined;
  /** One promise for every close()/destroy() call, so a later call cannot orphan an earlier one's. */
  #closing: Promise<void> | undefined;

  constructor(origin: string, options: THttp1PoolOptions) {
    const url = new URL(origin);
    if (url.protocol !== "http:") throw new Error(`Http1Pool speaks plain HTTP only, not ${url.protocol}`);
    this.#host = url.hostname.replace(/^\[|\]$/g, "");
    this.#port = url.port === "" ? 80 : Number(url.port);
    this.#options = options;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Sends the request on an idle connection or a new one; every outcome reaches the handler. */
  dispatch(request: TPlainDispatch, handler: TPlainHandler): boolean {
    if (this.#closed) {
      handler.onError(this.#destroyed ? new errors.ClientDestroyedError() : new errors.ClientClosedError());
      return false;
    }
    const head = requestHead(request);
    if (typeof head !== "string") {
      handler.onError(head);
      return false;
    }
    let reused = this.#idle.pop();
    // A socket destroyed this tick has not emitted 'close' (and left the list) yet.
    while (reused?.destroyed) reused = this.#idle.pop();
    const connection = reused ?? new Http1Connection(this, connect({ host: this.#host, port: this.#port, noDelay: true }), this.#options.connectMs);
    this.#busy.add(connection);
    connection.send(request, head, handler);
    return true;
  }

  /** Called by a connection whose response ended and that may carry another request. */
  release(connection: Http1Connection, hintMs: number): void {
    this.#busy.delete(connection);
    const idleMs = hintMs === -1 ? this.#options.keepAliveMs : Math.min(this.#options.keepAliveMs, hintMs - 1000);
    if (this.#closed || idleMs <= 0) connection.close();
    else {
      connection.idle(idleMs);
      this.#idle.push(connection);
    }
    this.#checkDrained();
  }

  /** Called by a connection that closed, busy or idle. */
  forget(connection: Http1Connection): void {
    this.#busy.delete(connection);
    const index = this.#idle.indexOf(connection);
    if (index !== -1) this.#idle.splice(index, 1);
    this.#checkDrained();
  }

  /** No new requests; in-flight ones finish; resolves when they have. */
  close(): Promise<void> {
    this.#closed = true;
    for (const connection of this.#idle.splice(0)) connection.close();
    this.#closing ??= new Promise((resolve) => {
      this.#drained = resolve;
      this.#checkDrained();
    });
    return this.#closing;
  }

  /** Cuts every connection, in-flight requests included (they get ClientDestroyedError). */
  destroy(): Promise<void> {
    this.#destroyed = true;
    const done = this.close();
    for (const connection of this.#busy.snapshot()) connection.fail(new errors.ClientDestroyedError());
    return done;
  }

  #checkDrained(): void {
    if (this.#closed && this.#busy.size === 0 && this.#drained !== undefined) {
      this.#drained();
      this.#drained = undefined;
    }
  }
}

const enum Phase {
  Connecting,
  /** Request sent, waiting for the response head. */
  Head,
  Body,
  Idle,
}

/** One socket to the target, carrying one request at a time; listeners are set once per socket. */
class Http1Connection implements TResponseSink, TDeadline {
  readonly #pool: Http1Pool;
  readonly #socket: Socket;
  readonly #parser: Http1ResponseParser;
  #phase = Phase.Connecting;
  #handler: TPlainHandler | undefined;
  #headersTimeout = 0;
  #bodyTimeout = 0;
  /** When the current phase times out (see DeadlineSweep). */
  deadline: number;
  #pendingHead: string | undefined;
  #error: Error | undefined;
  #resume: () => void = noop;

  constructor(pool: Http1Pool, socket: Socket, connectMs: number) {
    this.#pool = pool;
    this.#socket = socket;
    this.#parser = new Http1ResponseParser(this);
    this.deadline = deadlineAfter(connectMs);
    SWEEP.add(this);
    socket.on("connect", () => {
      const head = this.#pendingHead;
      this.#pendingHead = undefined;
      if (head !== undefined && this.#handler !== undefined) this.#write(head);
    });
    socket.on("data", (chunk: Buffer) => this.#received(chunk));
    socket.on("end", () => this.#ended());
    socket.on("error", (error: Error) => (this.#error ??= error));
    socket.on("close", () => {
      SWEEP.delete(this);
      this.fail(this.#error ?? new errors.SocketError("the upstream closed the connection"));
      this.#pool.forget(this);
    });
  }

  get destroyed(): boolean {
    return this.#socket.destroyed;
  }

  send(request: TPlainDispatch, head: string, handler: TPlainHandler): void {
    this.#handler = handler;
    this.#parser.expect(request.method);
    this.#headersTimeout = request.headersTimeout;
    this.#bodyTimeout = request.bodyTimeout;
    // Per request, so a late call from a finished request's handler cannot touch the next request.
    this.#resume = () => {
      if (this.#handler === handler) this.#resumeParsing();
    };
    handler.onConnect((reason?: Error) => {
      if (this.#handler === handler) this.fail(reason ?? new errors.RequestAbortedError());
    });
    if (this.#handler !== handler) return;
    if (this.#phase === Phase.Connecting) this.#pendingHead = head;
    else this.#write(head);
  }

  #write(head: string): void {
    this.#phase = Phase.Head;
    // From sending, not refreshed by bytes trickling in. 0 turns the limit off, as in undici.
    this.deadline = deadlineAfter(this.#headersTimeout);
    holdWritesUntilTurnEnd(this.#socket);
    this.#socket.write(head, "latin1");
  }

  idle(idleMs: number): void {
    this.#phase = Phase.Idle;
    this.deadline = performance.now() + idleMs;
  }

  close(): void {
    this.#socket.destroy();
  }

  /** Ends the current request with an error and drops the connection (its state is unknown now). */
  fail(error: Error): void {
    const handler = this.#handler;
    this.#handler = undefined;
    this.#socket.destroy();
    handler?.onError(error);
  }

  onHead(statusCode: number, statusText: string, rawHeaders: string[]): void {
    this.#phase = Phase.Body;
    this.deadline = deadlineAfter(this.#bodyTimeout);
    // Our handler never pauses on the head (its return value would ask to), so it is not consulted.
    this.#handler?.onHeaders(statusCode, rawHeaders, this.#resume, statusText);
  }

  onBody(chunk: Buffer): boolean {
    // A handler that aborted while the parser was delivering is gone: stop delivering.
    return this.#handler?.onData(chunk) ?? false;
  }

  onEnd(): void {
    // Completion is handed out after the parser returns (#settle): it may still find bytes past the end.
  }

  #received(chunk: Buffer): void {
    if (this.#handler === undefined) {
      // Nothing was asked: a backend talking out of turn cannot be trusted with the next request.
      this.#socket.destroy();
      return;
    }
    if (this.#phase === Phase.Head) {
      if (performance.now() > this.deadline) return this.fail(new errors.HeadersTimeoutError());
    } else {
      // The body timeout is the backend's silence between reads.
      this.deadline = deadlineAfter(this.#bodyTimeout);
    }
    try {
      this.#parser.execute(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    this.#settle();
  }

  #resumeParsing(): void {
    try {
      this.#parser.resume();
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    this.#settle();
  }

  /** After parsing: completes a finished response, or applies backpressure to the socket. */
  #settle(): void {
    const parser = this.#parser;
    if (parser.done) {
      const handler = this.#handler;
      if (handler === undefined) return;
      this.#handler = undefined;
      this.#resume = noop;
      if (parser.keepAlive && !parser.extraBytes && !this.#socket.destroyed) {
        if (this.#socket.isPaused()) this.#socket.resume();
        this.#pool.release(this, parser.keepAliveHintMs);
      } else {
        this.#socket.destroy();
      }
      handler.onComplete(null);
      return;
    }
    // The body timeout measures the backend's silence, not our client's: off while we hold the socket
    // back, re-armed on resuming (undici likewise skips the body timeout while paused).
    if (parser.paused) {
      if (!this.#socket.isPaused()) {
        this.#socket.pause();
        this.deadline = Infinity;
      }
    } else if (this.#socket.isPaused()) {
      this.#socket.resume();
      this.deadline = deadlineAfter(this.#bodyTimeout);
    }
  }

  #ended(): void {
    // Otherwise the socket stays writable until our FIN is flushed, and a request sent on it meanwhile
    // fails with EPIPE; destroyed now, the pool skips it, and an in-flight request gets SocketError on 'close'.
    if (this.#handler === undefined || !this.#parser.endsWithConnection) {
      this.#socket.destroy();
      return;
    }
    try {
      this.#parser.finish();
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    this.#settle();
  }

  expire(): void {
    this.deadline = Infinity;
    switch (this.#phase) {
      case Phase.Connecting:
        return this.fail(new errors.ConnectTimeoutError());
      case Phase.Head:
        return this.fail(new errors.HeadersTimeoutError());
      case Phase.Body:
        return this.fail(new errors.BodyTimeoutError());
      case Phase.Idle:
        return this.close();
    }
  }
}

function noop(): void {}

function deadlineAfter(timeoutMs: number): number {
  return timeoutMs === 0 ? Infinity : performance.now() + timeoutMs;
}

/** The request line and header section, or the error that refuses them. */
function requestHead(request: TPlainDispatch): string | Error {
  if (INVALID_PATH.test(request.path)) return new errors.InvalidArgumentError("invalid request path");
  let head = `${request.method} ${request.path} HTTP/1.1\r\n`;
  const fields = request.headers;
  for (let i = 0; i < fields.length; i += 2) {
    const name = fields[i]!;
    const value = fields[i + 1]!;
    // Written as latin1: a character above U+00FF would lose its high byte (U+010A becomes LF).
    if (name.length === 0 || INVALID_FIELD_NAME.test(name) || INVALID_FIELD_VALUE.test(value)) return new errors.InvalidArgumentError(`invalid ${name} header`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}
