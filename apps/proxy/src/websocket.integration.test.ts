import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { startBackend, type TTestBackend } from "../test/backends.ts";
import { RawClient, startEdgeProxy, type TEdgeProxy } from "../test/edge-harness.ts";
import { snapshotOf } from "../test/snapshots.ts";

/** An echo WebSocket backend whose 101 also carries hop-by-hop fields a proxy must not pass on. */
async function startEchoWebSocketBackend(): Promise<{ backend: TTestBackend; upgrades: IncomingHttpHeaders[]; closedPaths: string[] }> {
  const upgrades: IncomingHttpHeaders[] = [];
  const closedPaths: string[] = [];
  const backend = await startBackend((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  wss.on("headers", (headers: string[]) => {
    const connection = headers.findIndex((line) => line.toLowerCase().startsWith("connection:"));
    headers[connection] = "Connection: Upgrade, X-Internal";
    headers.push("X-Internal: backend-secret", "Keep-Alive: timeout=5", "Proxy-Connection: keep-alive", "X-Kept: yes");
  });
  backend.server.on("upgrade", (req: IncomingMessage, socket, head) => {
    upgrades.push(req.headers);
    // Never answers; closes its side once the proxy gives up on it, as a real server would.
    if (req.url === "/silent") {
      socket.on("end", () => socket.destroy());
      return;
    }
    if (req.url === "/declined") {
      socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\nX-Reason: nope\r\nConnection: close\r\n\r\nforbidden");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("message", (data: RawData, isBinary: boolean) => ws.send(data, { binary: isBinary }));
      ws.on("close", () => closedPaths.push(req.url ?? ""));
    });
  });
  return { backend, upgrades, closedPaths };
}

function connectThrough(edge: TEdgeProxy, path: string, host = "ws.test"): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${edge.port}${path}`, { headers: { Host: host } });
}

function opened(ws: WebSocket): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    ws.once("upgrade", resolve);
    ws.once("error", reject);
  });
}

function nextMessage(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once("message", (data: RawData, isBinary: boolean) => resolve({ data: data as Buffer, isBinary })));
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once("close", (code: number) => resolve(code)));
}

describe("WebSocket through the proxy", () => {
  let echo: Awaited<ReturnType<typeof startEchoWebSocketBackend>>;
  let edge: TEdgeProxy;

  beforeAll(async () => {
    echo = await startEchoWebSocketBackend();
    edge = await startEdgeProxy(
      snapshotOf(1, {
        upstreams: [{ id: "u", name: "ws", targets: [{ url: echo.backend.origin }] }],
        hosts: [
          {
            id: "h",
            domains: ["ws.test"],
            locations: [
              { path: "/", action: { type: "proxy", upstreamId: "u" } },
              { path: "/fixed", action: { type: "respond", status: 200, body: "fixed" } },
            ],
            options: { hideServerHeaders: true, responseHeaders: [{ name: "X-Edge", value: "gatehouse" }] },
          },
        ],
      }),
      { websocketIdleTimeoutMs: 500 },
    );
  });

  afterAll(async () => {
    await edge?.close();
    await echo?.backend.close();
  });

  it("echoes text and binary frames both ways", async () => {
    const ws = connectThrough(edge, "/chat");
    await opened(ws);
    ws.send("hello");
    expect(await nextMessage(ws)).toEqual({ data: Buffer.from("hello"), isBinary: false });
    const binary = Buffer.from([0, 1, 2, 253, 254, 255]);
    ws.send(binary);
    expect(await nextMessage(ws)).toEqual({ data: binary, isBinary: true });
    const large = Buffer.alloc(256 * 1024, 7);
    ws.send(large);
    expect((await nextMessage(ws)).data.equals(large)).toBe(true);
    const done = closed(ws);
    ws.close(1000);
    expect(await done).toBe(1000);
  });

  it("strips hop-by-hop fields from the 101 and applies the host's response passes", async () => {
    const ws = connectThrough(edge, "/headers");
    const response = await opened(ws);
    expect(response.statusCode).toBe(101);
    expect(response.headers).toMatchObject({ connection: "Upgrade", upgrade: "websocket", "x-kept": "yes", "x-edge": "gatehouse" });
    expect(response.headers["sec-websocket-accept"]).toBeDefined();
    for (const name of ["x-internal", "keep-alive", "proxy-connection"]) expect(response.headers[name]).toBeUndefined();
    ws.terminate();
  });

  it("sends the backend the upgrade with forwarding headers and only the upgrade's own hop-by-hop fields", async () => {
    const ws = connectThrough(edge, "/forwarded");
    await opened(ws);
    const seen = echo.upgrades.at(-1)!;
    expect(seen).toMatchObject({
      host: "ws.test",
      connection: "upgrade",
      upgrade: "websocket",
      "x-forwarded-for": "127.0.0.1",
      "x-real-ip": "127.0.0.1",
      "x-forwarded-proto": "http",
      "x-forwarded-host": "ws.test",
    });
    expect(seen["sec-websocket-key"]).toBeDefined();
    ws.terminate();
  });

  it("closes both sides of a tunnel that stays idle", async () => {
    const ws = connectThrough(edge, "/idle");
    await opened(ws);
    // Abnormal closure: the proxy cut the TCP connection, no close frame.
    expect(await closed(ws)).toBe(1006);
    await expect.poll(() => echo.closedPaths).toContain("/idle");
  });

  it("relays a backend that declines the upgrade", async () => {
    const ws = connectThrough(edge, "/declined");
    const response = await new Promise<IncomingMessage>((resolve) => ws.once("unexpected-response", (_req, res: IncomingMessage) => resolve(res)));
    expect(response.statusCode).toBe(403);
    expect(response.headers["x-reason"]).toBe("nope");
    response.destroy();
  });

  it("survives a client that resets while the backend has not answered yet", async () => {
    const client = await RawClient.open(edge.port);
    client.write("GET /silent HTTP/1.1\r\nHost: ws.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    await expect.poll(() => echo.upgrades.some((headers) => headers["sec-websocket-key"] === "dGhlIHNhbXBsZSBub25jZQ==")).toBe(true);
    client.socket.resetAndDestroy();
    await client.closed;
    const ws = connectThrough(edge, "/after-reset");
    await opened(ws);
    ws.terminate();
  });

  it("refuses upgrades for unknown hosts and for locations that do not proxy", async () => {
    for (const [path, host, status] of [["/", "nobody.test", 404], ["/fixed", "ws.test", 400]] as const) {
      const ws = connectThrough(edge, path, host);
      const response = await new Promise<IncomingMessage>((resolve) => ws.once("unexpected-response", (_req, res: IncomingMessage) => resolve(res)));
      expect(response.statusCode).toBe(status);
      response.destroy();
    }
  });
});

describe("WebSocket tunnels at shutdown", () => {
  it("are cut at the end of the grace period, so shutdown completes", async () => {
    const echo = await startEchoWebSocketBackend();
    const edge = await startEdgeProxy(
      snapshotOf(1, {
        upstreams: [{ id: "u", name: "ws", targets: [{ url: echo.backend.origin }] }],
        hosts: [{ id: "h", domains: ["ws.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "u" } }] }],
      }),
    );
    try {
      const ws = connectThrough(edge, "/long-lived");
      await opened(ws);
      const clientClosed = closed(ws);
      await edge.close();
      expect(await clientClosed).toBe(1006);
    } finally {
      await echo.backend.close();
    }
  });
});
