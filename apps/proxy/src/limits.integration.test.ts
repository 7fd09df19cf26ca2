import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type TTestBackend } from "../test/backends.ts";
import { countArrivals, exchangeRaw, RawClient, startEdgeProxy, type TEdgeProxy } from "../test/edge-harness.ts";
import { snapshotOf } from "../test/snapshots.ts";

/**
 * A backend that records every request whose body arrived complete, and answers with its size.
 * A request to /slow-backend is not read until `release` is called (a slow backend: backpressure).
 */
async function startRecordingBackend(): Promise<{ backend: TTestBackend; completed: Array<{ url: string; bytes: number }>; release: () => void }> {
  const completed: Array<{ url: string; bytes: number }> = [];
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const backend = await startBackend((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === "/slow-backend") {
      req.pause();
      void released.then(() => req.resume());
    }
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("error", () => {});
    req.on("end", () => {
      completed.push({ url: req.url ?? "", bytes });
      res.end(`got ${bytes}`);
    });
  });
  return { backend, completed, release: () => release() };
}

function limitedSnapshot(origin: string, maxBodyBytes: number | null, trustedProxies: string[] = []) {
  return snapshotOf(1, {
    settings: { trustedProxies },
    upstreams: [{ id: "u", name: "app", targets: [{ url: origin }] }],
    hosts: [{ id: "h", domains: ["a.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "u" } }], options: { maxBodyBytes } }],
  });
}

const chunk = (size: number) => `${size.toString(16)}\r\n${"x".repeat(size)}\r\n`;

describe("request body limit (413) and 100-continue", () => {
  let recording: Awaited<ReturnType<typeof startRecordingBackend>>;
  let arrivals: { readonly total: number };
  let edge: TEdgeProxy;

  beforeAll(async () => {
    recording = await startRecordingBackend();
    arrivals = countArrivals(recording.backend.server);
    edge = await startEdgeProxy(limitedSnapshot(recording.backend.origin, 1000));
  });

  afterAll(async () => {
    await edge?.close();
    await recording?.backend.close();
  });

  it("answers 413 to a declared Content-Length over the limit before reading the body", async () => {
    const answer = await exchangeRaw(edge.port, "POST /big HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5000\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(arrivals.total).toBe(0);
  });

  it("refuses an over-limit Expect: 100-continue request without inviting its body", async () => {
    const answer = await exchangeRaw(edge.port, "POST /big HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).not.toContain("100 Continue");
    expect(arrivals.total).toBe(0);
  });

  it("sends 100 Continue when the body is going to be forwarded, then forwards it", async () => {
    const client = await RawClient.open(edge.port);
    client.write("POST /continue HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
    await client.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    client.write("hello");
    await client.waitFor(/HTTP\/1\.1 200 [^]*got 5$/);
    expect(recording.completed).toContainEqual({ url: "/continue", bytes: 5 });
  });

  it("forwards a chunked body up to the limit", async () => {
    const answer = await exchangeRaw(edge.port, `POST /fits HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunk(600)}${chunk(400)}0\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 [^]*got 1000$/);
  });

  it("answers 413 once a streamed chunked body passes the limit, and the backend never gets it whole", async () => {
    const client = await RawClient.open(edge.port);
    client.write(`POST /stream HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n${chunk(600)}`);
    // The proxy cannot know yet: nothing comes back until the limit is passed.
    client.write(chunk(600));
    expect(await client.status()).toBe(413);
    await client.closed;
    expect(client.received).toMatch(/\r\nConnection: close\r\n/i);
    expect(recording.completed.map((request) => request.url)).not.toContain("/stream");
  });
});

describe("connections per client address", () => {
  let recording: Awaited<ReturnType<typeof startRecordingBackend>>;
  let edge: TEdgeProxy;

  beforeAll(async () => {
    recording = await startRecordingBackend();
    edge = await startEdgeProxy(limitedSnapshot(recording.backend.origin, null), { maxConnectionsPerIp: 2 });
  });

  afterAll(async () => {
    await edge?.close();
    await recording?.backend.close();
  });

  it("answers 503 on connections over the cap and serves again once one closes", async () => {
    const keepAlive = "GET /held HTTP/1.1\r\nHost: a.test\r\n\r\n";
    const held = [await RawClient.open(edge.port), await RawClient.open(edge.port)];
    for (const client of held) {
      client.write(keepAlive);
      expect(await client.status()).toBe(200);
    }
    const before = recording.completed.length;
    const excess = await exchangeRaw(edge.port, "GET /excess HTTP/1.1\r\nHost: a.test\r\n\r\n");
    expect(excess).toMatch(/^HTTP\/1\.1 503 /);
    expect(excess).toMatch(/\r\nConnection: close\r\n/i);
    expect(recording.completed.length).toBe(before);

    held[0]!.destroy();
    await held[0]!.closed;
    // The proxy counts the slot free when it sees the close; a retry loop absorbs that moment.
    let answer = "";
    for (let attempt = 0; attempt < 50 && !answer.startsWith("HTTP/1.1 200"); attempt++) {
      answer = await exchangeRaw(edge.port, "GET /again HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    }
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    held[1]!.destroy();
  });
});

describe("connections from a trusted proxy are not capped", () => {
  let recording: Awaited<ReturnType<typeof startRecordingBackend>>;
  let edge: TEdgeProxy;

  beforeAll(async () => {
    recording = await startRecordingBackend();
    edge = await startEdgeProxy(limitedSnapshot(recording.backend.origin, null, ["127.0.0.0/8"]), { maxConnectionsPerIp: 1 });
  });

  afterAll(async () => {
    await edge?.close();
    await recording?.backend.close();
  });

  it("serves several connections from a load balancer's address", async () => {
    const clients = await Promise.all([RawClient.open(edge.port), RawClient.open(edge.port), RawClient.open(edge.port)]);
    for (const client of clients) client.write("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n");
    expect(await Promise.all(clients.map((client) => client.status()))).toEqual([200, 200, 200]);
    for (const client of clients) client.destroy();
  });
});

describe("slow clients", () => {
  let recording: Awaited<ReturnType<typeof startRecordingBackend>>;
  let edge: TEdgeProxy;

  beforeAll(async () => {
    recording = await startRecordingBackend();
    edge = await startEdgeProxy(limitedSnapshot(recording.backend.origin, null), {
      headersTimeoutMs: 400,
      bodyIdleTimeoutMs: 400,
      keepAliveTimeoutMs: 400,
      maxHeaderBytes: 2048,
    });
  });

  afterAll(async () => {
    await edge?.close();
    await recording?.backend.close();
  });

  it("answers 408 and closes when the header block does not complete in time", async () => {
    const client = await RawClient.open(edge.port);
    client.write("GET / HTTP/1.1\r\nHost: a.test\r\n");
    expect(await client.status()).toBe(408);
    await client.closed;
  });

  it("closes a connection that never sends a byte", async () => {
    const client = await RawClient.open(edge.port);
    await client.closed;
    expect(client.received).toMatch(/^(HTTP\/1\.1 408 |$)/);
  });

  it("answers 408 and closes when the body stops arriving, and the backend never gets it whole", async () => {
    const client = await RawClient.open(edge.port);
    client.write("POST /stalled HTTP/1.1\r\nHost: a.test\r\nContent-Length: 10\r\n\r\nab");
    expect(await client.status()).toBe(408);
    await client.closed;
    expect(recording.completed.map((request) => request.url)).not.toContain("/stalled");
  });

  it("does not blame the client for silence caused by a slow backend", async () => {
    const size = 16 * 1024 * 1024;
    const client = await RawClient.open(edge.port);
    client.write(`POST /slow-backend HTTP/1.1\r\nHost: a.test\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`);
    client.write(Buffer.alloc(size, 1));
    // Long enough for several body idle timeouts while the proxy holds the client back for the backend.
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(client.received).toBe("");
    recording.release();
    await client.waitFor(new RegExp(`^HTTP/1\\.1 200 [^]*got ${size}$`));
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const client = await RawClient.open(edge.port);
    client.write("GET /once HTTP/1.1\r\nHost: a.test\r\n\r\n");
    expect(await client.status()).toBe(200);
    await client.closed;
    expect(client.received).toMatch(/Keep-Alive: timeout=0\r\n|Keep-Alive: timeout=\d+\r\n/);
  });

  it("answers 431 to a header block over the size limit", async () => {
    const answer = await exchangeRaw(edge.port, `GET / HTTP/1.1\r\nHost: a.test\r\nX-Big: ${"b".repeat(4096)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
  });
});
