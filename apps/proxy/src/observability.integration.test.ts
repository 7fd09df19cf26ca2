import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { startEchoBackend, type TTestBackend } from "../test/backends.ts";
import { snapshot } from "../test/snapshots.ts";
import { startTestProxy, type TTestProxy } from "../test/start-proxy.ts";

/** The access log and the metrics endpoint of a real proxy (one process) serving real requests. */
describe("access log and metrics", () => {
  let backend: TTestBackend;
  let proxy: TTestProxy;
  let dir: string;
  let accessLogFile: string;

  beforeAll(async () => {
    backend = await startEchoBackend("A");
    // The same backend also speaks WebSocket (echo), so a tunnel is counted under the same host.
    const wss = new WebSocketServer({ noServer: true });
    backend.server.on("upgrade", (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => ws.on("message", (data: RawData) => ws.send(data)));
    });
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-observability-"));
    accessLogFile = path.join(dir, "access.log");
    const configFile = path.join(dir, "snapshot.json");
    await writeFile(configFile, JSON.stringify(snapshot(9, { "app.test": backend.origin })));
    proxy = await startTestProxy({ kind: "file", path: configFile }, { settings: { accessLog: { path: accessLogFile }, metricsPort: 0 } });
  });

  afterAll(async () => {
    await proxy?.close();
    await backend?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function accessLines(): Promise<Array<Record<string, unknown>>> {
    const text = await readFile(accessLogFile, "utf8").catch(() => "");
    return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it("writes one JSON line per request with host, path, status, duration, upstream target and bytes", async () => {
    const proxied = await request(`${proxy.node.url}/items?page=2`, { method: "POST", body: "hello", headers: { host: "app.test" } });
    await proxied.body.text();
    const unknown = await request(proxy.node.url, { headers: { host: "nobody.test" } });
    await unknown.body.text();

    // The file is written asynchronously, in batches: wait for both lines.
    await expect.poll(async () => (await accessLines()).length, { timeout: 10_000 }).toBe(2);
    const [first, second] = await accessLines();
    expect(first).toEqual({
      log: "access",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      host: "app.test",
      protocol: "HTTP/1.1",
      scheme: "http",
      method: "POST",
      path: "/items?page=2",
      status: 200,
      completed: true,
      durationMs: expect.any(Number),
      upstream: backend.origin,
      bytesReceived: expect.any(Number),
      bytesSent: expect.any(Number),
      clientIp: "127.0.0.1",
    });
    expect(first!.bytesSent).toBeGreaterThan(0);
    expect(second).toMatchObject({ host: "nobody.test", status: 404, upstream: null });
  });

  it("serves request counts by configured host, latency, target health and the revision on loopback", async () => {
    const metricsUrl = `http://127.0.0.1:${proxy.node.metricsPort}/metrics`;
    const text = await (await request(metricsUrl)).body.text();
    expect(text).toContain('gatehouse_proxy_requests_total{host="app.test",status_class="2xx"} 1');
    // A Host nobody configured is counted under one label: client input never becomes a label.
    expect(text).toContain('gatehouse_proxy_requests_total{host="_unmatched",status_class="4xx"} 1');
    expect(text).toContain("gatehouse_proxy_request_duration_seconds_count 2");
    expect(text).toMatch(/^gatehouse_proxy_config_revision 9$/m);
    expect(text).toContain(`gatehouse_proxy_upstream_target_up{upstream="upstream-0",target="${backend.origin}"} 1`);
  });

  it("writes one line and counts one request per WebSocket tunnel, once it closed", async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${proxy.node.port}/chat?room=1`, { headers: { Host: "app.test" } });
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const echoed = new Promise<string>((resolve) => ws.once("message", (data: RawData) => resolve(String(data))));
    ws.send("ping through the tunnel");
    expect(await echoed).toBe("ping through the tunnel");
    const closed = new Promise((resolve) => ws.once("close", resolve));
    ws.close();
    await closed;

    await expect.poll(async () => (await accessLines()).filter((line) => line.status === 101).length, { timeout: 10_000 }).toBe(1);
    const tunnel = (await accessLines()).find((line) => line.status === 101)!;
    expect(tunnel).toMatchObject({ host: "app.test", method: "GET", path: "/chat?room=1", completed: true, upstream: backend.origin, clientIp: "127.0.0.1" });
    // Handshake plus the frames both ways: more than an empty upgrade would be.
    expect(tunnel.bytesReceived).toBeGreaterThan(0);
    expect(tunnel.bytesSent).toBeGreaterThan(0);

    const text = await (await request(`http://127.0.0.1:${proxy.node.metricsPort}/metrics`)).body.text();
    expect(text).toContain('gatehouse_proxy_requests_total{host="app.test",status_class="1xx"} 1');
    // Counted as a request, but a tunnel's lifetime stays out of the latency histogram.
    expect(text).toContain("gatehouse_proxy_request_duration_seconds_count 2");
  });
});
