import { once } from "node:events";
import { IncomingMessage, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDefaultSite } from "../actions/default-site.ts";
import { DEFAULT_EDGE_LIMITS, type TEdgeLimits } from "../limits/edge-limits.ts";
import { Wire } from "../../test/wire-client.ts";
import { createProxyServer } from "../server.ts";
import { FrontRequest } from "./front-request.ts";

/**
 * The lean front through the real plain-HTTP listener, with raw TCP clients that see the exact bytes.
 * Small timeouts so the timeout tests are short, with room for a loaded machine everywhere else.
 */
const LIMITS: TEdgeLimits = { ...DEFAULT_EDGE_LIMITS, headersTimeoutMs: 1000, keepAliveTimeoutMs: 2000, bodyIdleTimeoutMs: 5000, maxHeaderBytes: 2048 };
const BIG_BODY_BYTES = 8 * 1024 * 1024;
const BIG_CHUNK_BYTES = 64 * 1024;

interface TSeen {
  readonly method: string;
  readonly url: string;
  /** Which request the handler got: the lean front's, or node:http's after the hand-over. */
  readonly by: "front" | "node" | "neither";
}

/** The test server: what the handler saw, the responses it holds until the test releases them, the big-body backpressure counts. */
async function startServer(limits = LIMITS) {
  const seen: TSeen[] = [];
  const held: ServerResponse[] = [];
  const heldWaiters: Array<() => void> = [];
  const backpressure = { refused: 0, drains: 0 };
  /** 'finish' and 'close' of each response to /events, in order. */
  const events: string[][] = [];

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const by = req instanceof IncomingMessage ? "node" : (req as unknown) instanceof FrontRequest ? "front" : "neither";
    seen.push({ method: req.method!, url: req.url!, by });
    const url = req.url!;
    if (req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => (url === "/hold" ? hold(res) : res.end(Buffer.concat(chunks))));
    } else if (url === "/hold") hold(res);
    else if (url === "/chunks") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.write("héllo ");
      res.write(Buffer.from("wörld"));
      res.end("!");
    } else if (url === "/sized") {
      res.setHeader("Content-Length", "11");
      res.end("hello world");
    } else if (url === "/fields") {
      res.setHeader("X-Set", "set");
      res.setHeader("X-Replaced", "by setHeader");
      res.writeHead(201, ["X-Replaced", "by writeHead", "X-List", "1", "X-List", "2"]);
      res.end();
    } else if (url === "/events") {
      const log: string[] = [];
      events.push(log);
      res.on("finish", () => log.push(`finish ${String(res.writableFinished)}`));
      res.on("close", () => log.push("close"));
      res.end("ok");
    } else if (url === "/utf8") res.end("héllo");
    else if (url === "/bad-field") {
      try {
        res.writeHead(200, ["X-Split", "a\u010d\u010aSet-Cookie: x=1"]);
      } catch (error) {
        res.writeHead(500, ["X-Refused", (error as NodeJS.ErrnoException).code!]);
      }
      res.end();
    }
    else if (url === "/big") writeBig(res, backpressure);
    else res.end(`${req.method} ${url}`);
  };

  function hold(res: ServerResponse): void {
    held.push(res);
    for (const wake of heldWaiters.splice(0)) wake();
  }

  const server = createProxyServer(handler, { limits });
  const port = await server.listen(0, "127.0.0.1");
  return {
    server,
    port,
    seen,
    backpressure,
    events,
    heldCount: () => held.length,
    /** The `count`-th held response (1-based), once the handler holds it. */
    async held(count: number): Promise<ServerResponse> {
      while (held.length < count) await new Promise<void>((resolve) => heldWaiters.push(resolve));
      return held[count - 1]!;
    },
  };
}

/** Writes BIG_BODY_BYTES of a known pattern in chunks, waiting for 'drain' whenever write() says so. */
function writeBig(res: ServerResponse, counts: { refused: number; drains: number }): void {
  res.writeHead(200, { "Content-Length": String(BIG_BODY_BYTES) });
  let offset = 0;
  const more = () => {
    while (offset < BIG_BODY_BYTES) {
      const ok = res.write(patternBytes(offset, BIG_CHUNK_BYTES));
      offset += BIG_CHUNK_BYTES;
      if (!ok) {
        counts.refused++;
        res.once("drain", () => {
          counts.drains++;
          more();
        });
        return;
      }
    }
    res.end();
  };
  more();
}

function patternBytes(offset: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = (offset + i) % 251;
  return bytes;
}

const get = (path: string, extra = "") => `GET ${path} HTTP/1.1\r\nHost: a.test\r\n${extra}\r\n`;

describe("the lean front", () => {
  let test: Awaited<ReturnType<typeof startServer>>;
  const wires: Wire[] = [];
  const open = async () => {
    const wire = await Wire.open(test.port);
    wires.push(wire);
    return wire;
  };

  beforeAll(async () => {
    test = await startServer();
  });

  afterAll(async () => {
    for (const wire of wires) wire.destroy();
    await test?.server.shutdown(1000);
  });

  it("answers pipelined requests sent in one write in order, one at a time, on one connection", async () => {
    const wire = await open();
    const before = test.seen.length;
    const heldBefore = test.heldCount();
    wire.send(get("/hold") + get("/second") + get("/third", "Connection: close\r\n") + get("/after-close"));
    const first = await test.held(heldBefore + 1);
    // The front reads the next request only once the current response is finished.
    expect(test.seen.slice(before)).toEqual([{ method: "GET", url: "/hold", by: "front" }]);
    first.end("first");
    expect((await wire.response()).body.toString()).toBe("first");
    expect((await wire.response()).body.toString()).toBe("GET /second");
    const third = await wire.response();
    expect(third.body.toString()).toBe("GET /third");
    expect(third.header("connection")).toBe("close");
    await wire.closed;
    // Nothing after the request that asked to close is served, as in node:http.
    expect(test.seen.slice(before).map((seen) => seen.url)).toEqual(["/hold", "/second", "/third"]);
  });

  it("serves a pipelined backlog larger than maxHeaderBytes once the request in progress is done", async () => {
    const wire = await open();
    const heldBefore = test.heldCount();
    const backlog = Array.from({ length: 40 }, (_, i) => get(`/queued-${i}`, `X-Pad: ${"p".repeat(60)}\r\n`));
    expect(backlog.join("").length).toBeGreaterThan(LIMITS.maxHeaderBytes);
    wire.send(get("/hold"));
    const first = await test.held(heldBefore + 1);
    wire.send(backlog.join(""));
    first.end("first");
    expect((await wire.response()).body.toString()).toBe("first");
    for (let i = 0; i < backlog.length; i++) expect((await wire.response()).body.toString()).toBe(`GET /queued-${i}`);
    expect(test.seen.slice(-backlog.length).every((seen) => seen.by === "front")).toBe(true);
  });

  it("answers 408 at headersTimeoutMs even while the header block trickles in", async () => {
    // The deadline runs from the accept, which comes after this.
    const started = performance.now();
    const wire = await open();
    wire.send("GET /trickle HTTP/1.1\r\n");
    // A byte at a time, each well within the socket's idle timeout: only the deadline can stop it.
    const trickle = setInterval(() => wire.send("X"), LIMITS.headersTimeoutMs / 10);
    try {
      expect((await wire.response()).status).toBe(408);
      await wire.closed;
    } finally {
      clearInterval(trickle);
    }
    expect(performance.now() - started).toBeGreaterThan(LIMITS.headersTimeoutMs - 50);
  });

  it("marks its responses with Date and Connection: keep-alive with the keep-alive timeout in seconds", async () => {
    const wire = await open();
    wire.send(get("/plain"));
    const response = await wire.response();
    expect(response.head).toMatch(/\r\nDate: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n/);
    expect(response.head).toContain("\r\nConnection: keep-alive\r\nKeep-Alive: timeout=2");
    expect(response.head.match(/\r\nConnection:/gi)).toHaveLength(1);
  });

  it("hands a POST to node:http on the same connection, body intact, and keeps it there", async () => {
    const wire = await open();
    const before = test.seen.length;
    wire.send(get("/first"));
    expect((await wire.response()).body.toString()).toBe("GET /first");
    const body = Buffer.from(`${"x".repeat(3000)}\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n`, "latin1");
    wire.send(Buffer.concat([Buffer.from(`POST /echo HTTP/1.1\r\nHost: a.test\r\nContent-Length: ${body.length}\r\n\r\n`, "latin1"), body]));
    expect((await wire.response()).body).toEqual(body);
    wire.send(get("/after"));
    const after = await wire.response();
    expect(after.body.toString()).toBe("GET /after");
    expect(after.head).toContain("\r\nKeep-Alive: timeout=2");
    expect(test.seen.slice(before)).toEqual([
      { method: "GET", url: "/first", by: "front" },
      { method: "POST", url: "/echo", by: "node" },
      { method: "GET", url: "/after", by: "node" },
    ]);
  });

  it("hands over a POST pipelined behind a GET in the same write, with its body", async () => {
    const wire = await open();
    const before = test.seen.length;
    wire.send(`${get("/first")}POST /echo HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5\r\n\r\nhello${get("/last")}`);
    expect((await wire.response()).body.toString()).toBe("GET /first");
    expect((await wire.response()).body.toString()).toBe("hello");
    expect((await wire.response()).body.toString()).toBe("GET /last");
    expect(test.seen.slice(before).map((seen) => seen.by)).toEqual(["front", "node", "node"]);
  });

  it("answers HEAD with the fields the handler set, Content-Length included, and no body", async () => {
    const wire = await open();
    wire.send(`HEAD /sized HTTP/1.1\r\nHost: a.test\r\n\r\n${get("/next")}`);
    const head = await wire.response("HEAD");
    expect(head.status).toBe(200);
    expect(head.header("content-length")).toBe("11");
    // Had the body been sent, it would be read as the start of this response.
    expect((await wire.response()).body.toString()).toBe("GET /next");
    expect(wire.unread).toHaveLength(0);
  });

  it("frames writes without Content-Length as chunks of their byte length", async () => {
    const wire = await open();
    wire.send(get("/chunks") + get("/next"));
    const response = await wire.response();
    expect(response.header("transfer-encoding")).toBe("chunked");
    expect(response.header("content-length")).toBeUndefined();
    expect(response.body.toString()).toBe("héllo wörld!");
    expect((await wire.response()).body.toString()).toBe("GET /next");
  });

  it("gives end(data) without a head a Content-Length of the data's bytes", async () => {
    const wire = await open();
    wire.send(get("/utf8"));
    const response = await wire.response();
    expect(response.header("content-length")).toBe("6");
    expect(response.body.toString()).toBe("héllo");
    expect(response.header("transfer-encoding")).toBeUndefined();
  });

  it("refuses to write a field that would leave latin1 (U+010A goes out as LF), as node:http does, before anything is written", async () => {
    const wire = await open();
    wire.send(get("/bad-field"));
    const response = await wire.response();
    expect(response.status).toBe(500);
    expect(response.header("x-refused")).toBe("ERR_INVALID_CHAR");
    expect(response.header("set-cookie")).toBeUndefined();
  });

  it("merges writeHead fields over setHeader ones, repeats kept", async () => {
    const wire = await open();
    wire.send(get("/fields"));
    const response = await wire.response();
    expect(response.status).toBe(201);
    expect(response.head.match(/\r\nX-[^:]+: [^\r]*/g)).toEqual(["\r\nX-Replaced: by writeHead", "\r\nX-List: 1", "\r\nX-List: 2", "\r\nX-Set: set"]);
  });

  it("emits 'finish' then 'close', once each, for a response it finished", async () => {
    const wire = await open();
    wire.send(get("/events") + get("/events"));
    await wire.response();
    await wire.response();
    // 'close' follows 'finish' on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
    expect(test.events).toEqual([
      ["finish true", "close"],
      ["finish true", "close"],
    ]);
  });

  it("answers Connection: close with Connection: close and closes the connection", async () => {
    const wire = await open();
    wire.send(get("/bye", "Connection: close\r\n"));
    const response = await wire.response();
    expect(response.header("connection")).toBe("close");
    expect(response.header("keep-alive")).toBeUndefined();
    await wire.closed;
  });

  it("reads nothing after a Connection: close response, even from a client that keeps its side open", async () => {
    const socket = connect({ port: test.port, host: "127.0.0.1", allowHalfOpen: true });
    const failed = once(socket, "error");
    // Reads the response away, so 'end' can come.
    socket.resume();
    await once(socket, "connect");
    socket.write(get("/last", "Connection: close\r\n"));
    // Our FIN: the response is complete and the server has ended its side.
    await once(socket, "end");
    socket.write(get("/after-close"));
    // The server closed the socket once its FIN was out: writes meet a reset, which a later write reports.
    const writing = setInterval(() => socket.write("x"), 50);
    await failed.finally(() => clearInterval(writing));
    socket.destroy();
    expect(test.seen.map((request) => request.url)).toContain("/last");
    expect(test.seen.map((request) => request.url)).not.toContain("/after-close");
  });

  it("answers 408 and closes when a header block is not complete within headersTimeoutMs", async () => {
    const started = performance.now();
    const wire = await open();
    wire.send("GET /slow HTTP/1.1\r\nHost: a.test\r\n");
    const response = await wire.response();
    expect(response.status).toBe(408);
    await wire.closed;
    // Timers do not fire early beyond rounding; the upper bound is the test's own timeout.
    expect(performance.now() - started).toBeGreaterThan(LIMITS.headersTimeoutMs - 50);
  });

  it("closes an idle keep-alive connection after keepAliveTimeoutMs", async () => {
    const wire = await open();
    // The keep-alive time runs from the response's end, which comes after this.
    const sent = performance.now();
    wire.send(get("/once"));
    await wire.response();
    await wire.closed;
    expect(performance.now() - sent).toBeGreaterThan(LIMITS.keepAliveTimeoutMs - 50);
    expect(wire.unread).toHaveLength(0);
  });

  it("leaves a header block over maxHeaderBytes to node:http, which answers 431", async () => {
    const wire = await open();
    wire.send(get("/fits"));
    await wire.response();
    const before = test.seen.length;
    wire.send(get("/big-head", `X-Big: ${"b".repeat(LIMITS.maxHeaderBytes * 2)}\r\n`));
    expect((await wire.response()).status).toBe(431);
    await wire.closed;
    expect(test.seen.length).toBe(before);
  });

  it("emits 'close' on a held response, not finished, when the client goes away", async () => {
    const wire = await open();
    const heldBefore = test.heldCount();
    wire.send(get("/hold"));
    const res = await test.held(heldBefore + 1);
    let finished = false;
    res.on("finish", () => (finished = true));
    const closed = new Promise<void>((resolve) => res.once("close", resolve));
    wire.destroy();
    await closed;
    expect(res.writableFinished).toBe(false);
    expect(finished).toBe(false);
  });

  it("streams a large body to a slow reader with backpressure, intact", async () => {
    const socket = connect(test.port, "127.0.0.1");
    let received = 0;
    let headDone = false;
    let pending = Buffer.alloc(0);
    const done = new Promise<void>((resolve, reject) => {
      socket.on("error", reject);
      socket.on("data", (chunk: Buffer) => {
        if (!headDone) {
          pending = Buffer.concat([pending, chunk]);
          const headEnd = pending.indexOf("\r\n\r\n");
          if (headEnd === -1) return;
          if (!pending.toString("latin1", 0, headEnd).includes(`\r\nContent-Length: ${BIG_BODY_BYTES}\r\n`)) reject(new Error("not the big body's head"));
          headDone = true;
          chunk = pending.subarray(headEnd + 4);
        }
        if (!chunk.equals(patternBytes(received, chunk.length))) reject(new Error(`body differs near byte ${received}`));
        received += chunk.length;
        if (received === BIG_BODY_BYTES) return resolve();
        // A slow reader: the kernel buffers fill up and the front must hold the handler back.
        socket.pause();
        setTimeout(() => socket.resume(), 1);
      });
    });
    socket.write(get("/big", "Connection: close\r\n"));
    await done;
    socket.destroy();
    expect(test.backpressure.refused).toBeGreaterThan(0);
    expect(test.backpressure.drains).toBe(test.backpressure.refused);
  });
});

describe("the lean front when the server shuts down", () => {
  it("closes idle connections at once, on the front and handed over, and lets in-flight requests on both finish with Connection: close", async () => {
    // Long timeouts: only the shutdown can close these connections within the test's time.
    const test = await startServer(DEFAULT_EDGE_LIMITS);
    const open = () => Wire.open(test.port);
    const [idle, silent, idleOnNode, front, handedOver] = await Promise.all([open(), open(), open(), open(), open()]);
    idle.send(get("/served"));
    await idle.response();
    idleOnNode.send("POST /echo HTTP/1.1\r\nHost: a.test\r\nContent-Length: 2\r\n\r\nok");
    await idleOnNode.response();
    front.send(get("/hold"));
    handedOver.send("POST /hold HTTP/1.1\r\nHost: a.test\r\nContent-Length: 4\r\n\r\nbody");
    const held = [await test.held(1), await test.held(2)];
    expect(test.seen.map(({ method, url, by }) => `${by} ${method} ${url}`).sort()).toEqual(["front GET /hold", "front GET /served", "node POST /echo", "node POST /hold"]);

    const shutdown = test.server.shutdown(30_000);
    await Promise.all([idle.closed, silent.closed, idleOnNode.closed]);
    expect([idle.unread, silent.unread, idleOnNode.unread].map((bytes) => bytes.length)).toEqual([0, 0, 0]);
    expect([front.socket.destroyed, handedOver.socket.destroyed]).toEqual([false, false]);

    for (const res of held) res.end("late");
    for (const wire of [front, handedOver]) {
      const response = await wire.response();
      expect(response.body.toString()).toBe("late");
      expect(response.header("connection")).toBe("close");
      await wire.closed;
    }
    await shutdown;
  });
});

/**
 * Writes are held until the end of the event-loop turn (write-batching.ts); a response counts as
 * finished only once its bytes left, so whatever closes the connection next cannot drop them.
 */
describe("the lean front's held writes", () => {
  async function received(handler: Parameters<typeof createProxyServer>[0], requests: string, onServer?: (server: ReturnType<typeof createProxyServer>) => void) {
    const server = createProxyServer(handler, { limits: LIMITS });
    onServer?.(server);
    const wire = await Wire.open(await server.listen(0, "127.0.0.1"));
    try {
      wire.send(requests);
      await wire.closed;
      return wire.unread.toString("latin1");
    } finally {
      wire.destroy();
      await server.shutdown(100);
    }
  }

  it("sends a response ended in the same turn as the shutdown starts", async () => {
    let server!: ReturnType<typeof createProxyServer>;
    // Two timers due together run in one timers phase: the end and the drain share a turn.
    const text = await received(
      (_req, res) => {
        setTimeout(() => res.end("late response"), 30);
        setTimeout(() => void server.shutdown(5000), 30);
      },
      get("/late"),
      (created) => (server = created),
    );
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nlate response$/);
  });

  it("sends a response before a pipelined request whose default site closes the connection (nginx's 444)", async () => {
    const text = await received((req, res) => {
      if (req.url === "/a") res.end("answer A");
      else serveDefaultSite(req, res, { kind: "close" }, "unknown.test", req.url!);
    }, get("/a") + "GET /b HTTP/1.1\r\nHost: unknown.test\r\n\r\n");
    expect(text).toMatch(/\r\n\r\nanswer A$/);
  });

  it("sends a response before a pipelined request node:http refuses, then node:http's 400", async () => {
    const text = await received((_req, res) => res.end("answer A"), get("/a") + "GET /b HTTP/1.1\r\nBad Header\r\n\r\n");
    expect(text).toMatch(/\r\n\r\nanswer AHTTP\/1\.1 400 Bad Request\r\n/);
  });
});
