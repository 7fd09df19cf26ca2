import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { Worker } from "node:worker_threads";
import { errors } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { unusedPort } from "../../test/backends.ts";
import { Http1Pool, type TPlainDispatch, type TPlainHandler } from "./http1-pool.ts";
import { ResponseParseError } from "./http1-response-parser.ts";

/**
 * Http1Pool against real loopback servers that write crafted raw responses. The handlers follow
 * UpstreamExchange's use of the contract: keep abort from onConnect, keep resume from onHeaders,
 * return false from onData to hold the body back.
 */

interface TRawConnection {
  readonly socket: Socket;
  /** Request heads received on this connection, blank line included. */
  readonly heads: string[];
  readonly closed: Promise<void>;
}

/** A TCP server that hands each complete request head to `onHead`, which writes whatever bytes it likes. */
class RawBackend {
  readonly connections: TRawConnection[] = [];
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(onHead: (connection: TRawConnection, head: string) => void): Promise<RawBackend> {
    const server = createServer();
    const backend = new RawBackend(server);
    server.on("connection", (socket) => {
      const connection: TRawConnection = { socket, heads: [], closed: once(socket, "close").then(() => undefined) };
      backend.connections.push(connection);
      let buffered = "";
      socket.on("data", (chunk: Buffer) => {
        buffered += chunk.toString("latin1");
        for (let end = buffered.indexOf("\r\n\r\n"); end !== -1; end = buffered.indexOf("\r\n\r\n")) {
          const head = buffered.slice(0, end + 4);
          buffered = buffered.slice(end + 4);
          connection.heads.push(head);
          onHead(connection, head);
        }
      });
      socket.on("error", () => {});
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    backends.push(backend);
    return backend;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const { socket } of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Records every callback; `data` decides what onData answers. */
class RecordingHandler implements TPlainHandler {
  status = 0;
  statusText = "";
  headers: string[] = [];
  readonly chunks: Buffer[] = [];
  completed = false;
  error: Error | undefined;
  abort: ((reason?: Error) => void) | undefined;
  resume: (() => void) | undefined;
  readonly settled: Promise<void>;
  #settle!: () => void;
  readonly #data: (chunk: Buffer, handler: RecordingHandler) => boolean;
  readonly #connect: ((abort: (reason?: Error) => void) => void) | undefined;

  constructor(options: { data?: (chunk: Buffer, handler: RecordingHandler) => boolean; connect?: (abort: (reason?: Error) => void) => void } = {}) {
    this.#data = options.data ?? (() => true);
    this.#connect = options.connect;
    this.settled = new Promise((resolve) => (this.#settle = resolve));
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
    this.#connect?.(abort);
  }

  onHeaders(statusCode: number, rawHeaders: string[], resume: () => void, statusText: string): boolean {
    this.status = statusCode;
    this.statusText = statusText;
    this.headers = rawHeaders;
    this.resume = resume;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return this.#data(chunk, this);
  }

  onComplete(): void {
    expect(this.completed || this.error !== undefined).toBe(false);
    this.completed = true;
    this.#settle();
  }

  onError(error: Error): void {
    expect(this.completed || this.error !== undefined).toBe(false);
    this.error = error;
    this.#settle();
  }

  get body(): string {
    return Buffer.concat(this.chunks).toString("latin1");
  }
}

const backends: RawBackend[] = [];
const pools: Http1Pool[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.destroy()));
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

function poolFor(origin: string, options: { connectMs?: number; keepAliveMs?: number } = {}): Http1Pool {
  const pool = new Http1Pool(origin, { connectMs: options.connectMs ?? 5_000, keepAliveMs: options.keepAliveMs ?? 30_000 });
  pools.push(pool);
  return pool;
}

/** A one-shot event a test can wait on. */
function signal(): { readonly fired: Promise<void>; fire(): void } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
}

function request(overrides: Partial<TPlainDispatch> = {}): TPlainDispatch {
  return { method: "GET", path: "/", headers: ["Host", "backend.test"], headersTimeout: 10_000, bodyTimeout: 10_000, ...overrides };
}

async function exchange(pool: Http1Pool, overrides: Partial<TPlainDispatch> = {}, handler = new RecordingHandler()): Promise<RecordingHandler> {
  pool.dispatch(request(overrides), handler);
  await handler.settled;
  return handler;
}

const OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

describe("Http1Pool requests and connection reuse", () => {
  it("writes the request line and headers as given and relays the response", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write("HTTP/1.1 201 Created\r\nX-Reply: yes\r\nContent-Length: 5\r\n\r\nhello"));
    const handler = await exchange(poolFor(backend.origin), { path: "/path?q=1", headers: ["Host", "backend.test", "X-Trace", "abc"] });
    expect(backend.connections[0]!.heads).toEqual(["GET /path?q=1 HTTP/1.1\r\nHost: backend.test\r\nX-Trace: abc\r\n\r\n"]);
    expect(handler.error).toBeUndefined();
    expect(handler.status).toBe(201);
    expect(handler.statusText).toBe("Created");
    expect(handler.headers).toEqual(["X-Reply", "yes", "Content-Length", "5"]);
    expect(handler.body).toBe("hello");
    expect(handler.completed).toBe(true);
  });

  it("sends sequential requests on one connection", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write(OK));
    const pool = poolFor(backend.origin);
    expect((await exchange(pool, { path: "/a" })).body).toBe("ok");
    expect((await exchange(pool, { path: "/b" })).body).toBe("ok");
    expect(backend.connections).toHaveLength(1);
    expect(backend.connections[0]!.heads.map((head) => head.split("\r\n")[0])).toEqual(["GET /a HTTP/1.1", "GET /b HTTP/1.1"]);
  });

  it("opens a new connection after `Connection: close`", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"));
    const pool = poolFor(backend.origin);
    expect((await exchange(pool)).completed).toBe(true);
    expect((await exchange(pool)).completed).toBe(true);
    expect(backend.connections).toHaveLength(2);
  });

  for (const [hint, expected] of [
    ["timeout=1", 2],
    ["timeout=5", 1],
  ] as const) {
    it(`follows the Keep-Alive hint ${hint} (${expected === 1 ? "reused" : "not reused: less than a second left"})`, async () => {
      const backend = await RawBackend.start(({ socket }) => socket.write(`HTTP/1.1 200 OK\r\nKeep-Alive: ${hint}\r\nContent-Length: 2\r\n\r\nok`));
      const pool = poolFor(backend.origin);
      await exchange(pool);
      await exchange(pool);
      expect(backend.connections).toHaveLength(expected);
    });
  }

  it("opens a new connection when the backend closed the idle one", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write(OK));
    const pool = poolFor(backend.origin);
    await exchange(pool);
    const first = backend.connections[0]!;
    first.socket.end();
    // Closes once the pool answered our FIN with its own.
    await first.closed;
    const second = await exchange(pool);
    expect(second.error).toBeUndefined();
    expect(second.body).toBe("ok");
    expect(backend.connections).toHaveLength(2);
  });

  it("drops a connection on which the backend sent bytes while idle", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write(OK));
    const pool = poolFor(backend.origin);
    await exchange(pool);
    const first = backend.connections[0]!;
    first.socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno");
    await first.closed;
    const second = await exchange(pool);
    expect(second.body).toBe("ok");
    expect(backend.connections).toHaveLength(2);
    expect(first.heads).toHaveLength(1);
  });

  it("refuses a header value with CRLF, or with characters that become CRLF as latin1, before sending anything", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write(OK));
    const pool = poolFor(backend.origin);
    for (const evil of ["a\r\nX-Injected: 1", "a\u010d\u010aX-Injected: 1"]) {
      const refused = new RecordingHandler();
      expect(pool.dispatch(request({ headers: ["Host", "backend.test", "X-Evil", evil] }), refused)).toBe(false);
      expect(refused.error).toBeInstanceOf(errors.InvalidArgumentError);
    }
    const handler = new RecordingHandler();
    expect(pool.dispatch(request({ headers: ["Host", "backend.test", "X Evil", "name is not a token"] }), handler)).toBe(false);
    expect(handler.error).toBeInstanceOf(errors.InvalidArgumentError);
    expect((handler.error as errors.UndiciError).code).toBe("UND_ERR_INVALID_ARG");
    // A valid request afterwards is the only one the backend ever sees.
    await exchange(pool, { path: "/valid" });
    expect(backend.connections).toHaveLength(1);
    expect(backend.connections[0]!.heads).toEqual(["GET /valid HTTP/1.1\r\nHost: backend.test\r\n\r\n"]);
  });
});

describe("Http1Pool failures", () => {
  it("reports a refused connection with ECONNREFUSED", async () => {
    const handler = await exchange(poolFor(`http://127.0.0.1:${await unusedPort()}`));
    expect((handler.error as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("times out a connect that gets no answer", async () => {
    const listener = await startUnacceptingListener();
    try {
      const handler = await exchange(poolFor(`http://127.0.0.1:${listener.port}`, { connectMs: 200 }));
      expect(handler.error).toBeInstanceOf(errors.ConnectTimeoutError);
      expect((handler.error as errors.UndiciError).code).toBe("UND_ERR_CONNECT_TIMEOUT");
    } finally {
      await listener.close();
    }
  });

  it("times out a backend that sends no head", async () => {
    const backend = await RawBackend.start(() => {});
    const started = performance.now();
    const handler = await exchange(poolFor(backend.origin), { headersTimeout: 200 });
    expect((handler.error as errors.UndiciError).code).toBe("UND_ERR_HEADERS_TIMEOUT");
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    await backend.connections[0]!.closed;
  });

  it("times out a head trickled slower than the headers timeout, though each byte comes sooner", async () => {
    const head = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Slow: trickled one byte at a time\r\n\r\nok";
    const backend = await RawBackend.start(({ socket }) => {
      let at = 0;
      const timer = setInterval(() => socket.write(head[at++] ?? ""), 100);
      socket.on("close", () => clearInterval(timer));
    });
    const handler = await exchange(poolFor(backend.origin), { headersTimeout: 500 });
    expect((handler.error as errors.UndiciError).code).toBe("UND_ERR_HEADERS_TIMEOUT");
    expect(handler.status).toBe(0);
  });

  it("times out a body that stalls", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
    const handler = await exchange(poolFor(backend.origin), { bodyTimeout: 200 });
    expect(handler.status).toBe(200);
    expect(handler.body).toBe("abc");
    expect((handler.error as errors.UndiciError).code).toBe("UND_ERR_BODY_TIMEOUT");
  });

  it("fails with UND_ERR_SOCKET when the backend closes before answering", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.end());
    const handler = await exchange(poolFor(backend.origin));
    expect(handler.error).toBeInstanceOf(errors.SocketError);
    expect((handler.error as errors.UndiciError).code).toBe("UND_ERR_SOCKET");
  });

  it("hands a malformed response to onError and drops the connection", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nok"));
    const handler = await exchange(poolFor(backend.origin));
    expect(handler.error).toBeInstanceOf(ResponseParseError);
    expect((handler.error as ResponseParseError).code).toBe("GATEHOUSE_UPSTREAM_PROTOCOL");
    expect(handler.status).toBe(0);
    await backend.connections[0]!.closed;
  });
});

describe("Http1Pool abort and backpressure", () => {
  it("aborts from onConnect with the given reason, sending nothing", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write(OK));
    const reason = new Error("client went away");
    const handler = await exchange(poolFor(backend.origin), {}, new RecordingHandler({ connect: (abort) => abort(reason) }));
    expect(handler.error).toBe(reason);
    expect(backend.connections.flatMap((connection) => connection.heads)).toEqual([]);
  });

  it("aborts a sent request, closing its socket", async () => {
    const arrived = signal();
    const backend = await RawBackend.start(() => arrived.fire());
    const pool = poolFor(backend.origin);
    const handler = new RecordingHandler();
    pool.dispatch(request(), handler);
    await arrived.fired;
    const reason = new Error("client went away");
    handler.abort!(reason);
    await handler.settled;
    expect(handler.error).toBe(reason);
    await backend.connections[0]!.closed;
  });

  it("aborts from onData: one outcome, the error, and the connection is not reused", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody"));
    const pool = poolFor(backend.origin);
    const reason = new Error("client went away");
    const handler = await exchange(pool, {}, new RecordingHandler({ data: (_chunk, self) => (self.abort!(reason), true) }));
    expect(handler.error).toBe(reason);
    expect(handler.completed).toBe(false);
    await backend.connections[0]!.closed;
    expect((await exchange(pool)).body).toBe("body");
    expect(backend.connections).toHaveLength(2);
  });

  it("stops reading while onData returns false and resumes in order", async () => {
    // Larger than loopback socket buffers: the backend's write cannot finish while we hold back.
    const body = Buffer.alloc(16 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = i % 251;
    let written = false;
    const backend = await RawBackend.start(({ socket }) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      socket.write(body, () => (written = true));
    });
    const paused = signal();
    const handler = new RecordingHandler({
      data: (_chunk, self) => {
        if (self.chunks.length === 1) paused.fire();
        else setImmediate(self.resume!);
        return false;
      },
    });
    poolFor(backend.origin).dispatch(request(), handler);
    await paused.fired;
    // A window in which a reader that ignored `false` would take more and let the backend finish.
    await sleep(300);
    expect(handler.chunks).toHaveLength(1);
    expect(written).toBe(false);
    handler.resume!();
    await handler.settled;
    expect(handler.error).toBeUndefined();
    expect(Buffer.concat(handler.chunks).equals(body)).toBe(true);
    expect(handler.chunks.length).toBeGreaterThan(2);
  });

  it("does not count the time the body is held back against the body timeout", async () => {
    let sendRest!: () => void;
    const backend = await RawBackend.start(({ socket }) => {
      socket.write("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nfirst");
      sendRest = () => socket.write("second");
    });
    const paused = signal();
    const handler = new RecordingHandler({ data: (_chunk, self) => (self.chunks.length === 1 ? (paused.fire(), false) : true) });
    poolFor(backend.origin).dispatch(request({ bodyTimeout: 100 }), handler);
    await paused.fired;
    await sleep(400);
    expect(handler.error).toBeUndefined();
    sendRest();
    handler.resume!();
    await handler.settled;
    expect(handler.error).toBeUndefined();
    expect(handler.body).toBe("firstsecond");
  });

  it("times out a body that stalls after being resumed", async () => {
    const backend = await RawBackend.start(({ socket }) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nfirst"));
    const paused = signal();
    const handler = new RecordingHandler({ data: () => (paused.fire(), false) });
    poolFor(backend.origin).dispatch(request({ bodyTimeout: 100 }), handler);
    await paused.fired;
    await sleep(300);
    handler.resume!();
    await handler.settled;
    expect((handler.error as errors.UndiciError).code).toBe("UND_ERR_BODY_TIMEOUT");
  });
});

describe("Http1Pool close and destroy", () => {
  it("close() lets the in-flight request finish, then resolves; later dispatches get UND_ERR_CLOSED", async () => {
    let answer!: () => void;
    const arrived = signal();
    const backend = await RawBackend.start(({ socket }) => {
      answer = () => socket.write(OK);
      arrived.fire();
    });
    const pool = poolFor(backend.origin);
    const inFlight = new RecordingHandler();
    pool.dispatch(request(), inFlight);
    await arrived.fired;
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    expect(pool.closed).toBe(true);
    const late = new RecordingHandler();
    expect(pool.dispatch(request(), late)).toBe(false);
    expect(late.error).toBeInstanceOf(errors.ClientClosedError);
    expect((late.error as errors.UndiciError).code).toBe("UND_ERR_CLOSED");
    await sleep(50);
    expect(closed).toBe(false);
    answer();
    await inFlight.settled;
    expect(inFlight.body).toBe("ok");
    await closing;
    await backend.connections[0]!.closed;
    expect(backend.connections).toHaveLength(1);
  });

  it("destroy() fails the in-flight request with UND_ERR_DESTROYED, and resolves an earlier close() too", async () => {
    const arrived = signal();
    const backend = await RawBackend.start(() => arrived.fire());
    const pool = poolFor(backend.origin);
    const inFlight = new RecordingHandler();
    pool.dispatch(request(), inFlight);
    await arrived.fired;
    const closing = pool.close();
    await pool.destroy();
    await closing;
    expect(inFlight.error).toBeInstanceOf(errors.ClientDestroyedError);
    expect((inFlight.error as errors.UndiciError).code).toBe("UND_ERR_DESTROYED");
    const late = new RecordingHandler();
    expect(pool.dispatch(request(), late)).toBe(false);
    expect((late.error as errors.UndiciError).code).toBe("UND_ERR_DESTROYED");
    await backend.connections[0]!.closed;
  });
});

/**
 * A loopback listener whose accept queue is full, so a further SYN goes unanswered (Linux drops it,
 * tcp_abort_on_overflow=0): a connect that hangs, without depending on how the network treats
 * non-routable addresses (this machine answers them at once). The listener lives in a worker whose
 * event loop is blocked, so nothing accepts; the queue is filled until a connect stays pending.
 */
async function startUnacceptingListener(): Promise<{ port: number; close(): Promise<void> }> {
  const release = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const server = require("node:net").createServer();
     server.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       Atomics.wait(workerData, 0, 0);
     });`,
    { eval: true, workerData: release },
  );
  const [port] = (await once(worker, "message")) as [number];
  const fillers: Socket[] = [];
  const close = async (): Promise<void> => {
    for (const filler of fillers) filler.destroy();
    Atomics.store(release, 0, 1);
    Atomics.notify(release, 0);
    await worker.terminate();
  };
  for (;;) {
    const filler = connect(port, "127.0.0.1");
    filler.on("error", () => {});
    fillers.push(filler);
    const connected = await Promise.race([once(filler, "connect").then(() => true), sleep(500).then(() => false)]);
    if (!connected) return { port, close };
    if (fillers.length > 8) {
      await close();
      throw new Error("the accept queue never filled: this kernel does not drop SYNs to a full listener");
    }
  }
}
