import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, unusedPort, type TTestBackend } from "../../test/backends.ts";
import { httpRequest } from "../../test/http-client.ts";
import { proxyHost, startSnapshotProxy, type TSnapshotProxy } from "../../test/snapshot-proxy.ts";
import type { TSnapshotInput } from "../../test/snapshots.ts";

type TUpstreamInput = TSnapshotInput["upstreams"][number];

/** Answers its name, and /health with 200 or 503 as `healthy` says. */
async function startHealthBackend(name: string): Promise<TTestBackend & { healthy: boolean }> {
  const state = { healthy: true };
  const backend = await startBackend((req, res) => {
    if (req.url === "/health") {
      res.statusCode = state.healthy ? 200 : 503;
      res.end();
    } else {
      res.end(name);
    }
  });
  return Object.defineProperty(backend, "healthy", {
    get: () => state.healthy,
    set: (value: boolean) => (state.healthy = value),
  }) as TTestBackend & { healthy: boolean };
}

const HEALTH_CHECK = { path: "/health", intervalMs: 1_000, timeoutMs: 500, rise: 1, fall: 1 };

describe("upstream health through the proxy", () => {
  let primary: Awaited<ReturnType<typeof startHealthBackend>>;
  let backup: Awaited<ReturnType<typeof startHealthBackend>>;
  let silent: NetServer;
  let silentOrigin: string;
  const silentSockets = new Set<Socket>();
  let proxy: TSnapshotProxy;

  beforeAll(async () => {
    [primary, backup] = await Promise.all([startHealthBackend("primary"), startHealthBackend("backup")]);
    // Accepts connections and never answers: for the response-header timeout.
    silent = createNetServer((socket) => silentSockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    silentOrigin = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    proxy = await startSnapshotProxy({ hosts: [], upstreams: [] });
  });
  afterAll(async () => {
    await proxy?.close();
    for (const socket of silentSockets) socket.destroy();
    await Promise.all([primary?.close(), backup?.close(), new Promise((resolve) => silent?.close(resolve))]);
  });

  async function serve(...upstreams: TUpstreamInput[]): Promise<void> {
    await proxy.apply({ hosts: upstreams.map((u) => proxyHost(`h-${u.id}`, `${u.id}.test`, u.id)), upstreams });
  }
  const bodyOf = async (host: string) => (await proxy.get(host)).body;
  const healthOf = (upstreamId: string, index: number) => proxy.proxy.node.currentTable().upstreams.get(upstreamId)!.targets[index]!.health;

  it("uses the backup only while the primary fails its active check, and the state survives a swap", async () => {
    const upstream: TUpstreamInput = {
      id: "checked",
      name: "checked",
      healthCheck: HEALTH_CHECK,
      targets: [{ url: primary.origin }, { url: backup.origin, backup: true }],
    };
    await serve(upstream);
    await expect.poll(() => healthOf("checked", 0).state, { timeout: 15_000 }).toBe("up");
    expect(new Set(await Promise.all([1, 2, 3, 4].map(() => bodyOf("checked.test"))))).toEqual(new Set(["primary"]));

    primary.healthy = false;
    await expect.poll(() => bodyOf("checked.test"), { timeout: 15_000, interval: 200 }).toBe("backup");
    expect(healthOf("checked", 0).report()).toMatchObject({ state: "down", lastError: expect.stringContaining("answered 503") });

    // A swap that keeps the target (here: a new host is added) keeps its state and its checker.
    const downHealth = healthOf("checked", 0);
    await serve(upstream, { id: "other", name: "other", targets: [{ url: backup.origin }] });
    expect(healthOf("checked", 0)).toBe(downHealth);
    expect(await bodyOf("checked.test")).toBe("backup");

    primary.healthy = true;
    await expect.poll(() => bodyOf("checked.test"), { timeout: 15_000, interval: 200 }).toBe("primary");
  });

  it("answers 503 with a clear page when every target is down", async () => {
    primary.healthy = false;
    await serve({ id: "alldown", name: "alldown", healthCheck: HEALTH_CHECK, targets: [{ url: primary.origin }] });
    await expect.poll(async () => (await proxy.get("alldown.test")).status, { timeout: 15_000, interval: 200 }).toBe(503);
    const page = await proxy.get("alldown.test");
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.body).toContain("503 Service unavailable");
    expect(page.body).toContain("Every server behind alldown.test is down");
    primary.healthy = true;
  });

  it("ejects a target after repeated connection failures and takes it back after the cooldown", async () => {
    const port = await unusedPort();
    await serve({
      id: "passive",
      name: "passive",
      retries: 0,
      passiveHealth: { maxFails: 2, windowMs: 60_000, cooldownMs: 1_000 },
      targets: [{ url: primary.origin }, { url: `http://127.0.0.1:${port}` }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await proxy.get("passive.test")).status);
    // Round robin: primary, refused (502), primary, refused (502, the second failure ejects it).
    expect(statuses).toEqual([200, 502, 200, 502]);
    expect(healthOf("passive", 1).report()).toMatchObject({ state: "down", lastError: expect.stringContaining("ECONNREFUSED") });
    for (let i = 0; i < 4; i++) expect(await bodyOf("passive.test")).toBe("primary");

    // The target comes back on its port; after the cooldown it gets traffic again.
    const revived = await startBackend((_req, res) => res.end("revived"));
    await new Promise<void>((resolve) => revived.server.close(() => resolve()));
    revived.server.listen(port, "127.0.0.1");
    await new Promise((resolve) => revived.server.once("listening", resolve));
    await expect.poll(() => bodyOf("passive.test"), { timeout: 15_000, interval: 100 }).toBe("revived");
    await revived.close();
  });

  it("retries a refused connection on another target, with and without a request body", async () => {
    const port = await unusedPort();
    await serve({
      id: "retry",
      name: "retry",
      retries: 1,
      passiveHealth: { maxFails: 0 },
      targets: [{ url: `http://127.0.0.1:${port}` }, { url: primary.origin }],
    });
    for (let i = 0; i < 4; i++) expect(await proxy.get("retry.test")).toMatchObject({ status: 200, body: "primary" });
    const echo = await startBackend((req, res) => req.pipe(res));
    await serve({ id: "retry", name: "retry", retries: 1, passiveHealth: { maxFails: 0 }, targets: [{ url: `http://127.0.0.1:${port}` }, { url: echo.origin }] });
    for (let i = 0; i < 2; i++) {
      const posted = await httpRequest(proxy.proxy.node.url, { method: "POST", headers: { host: "retry.test" }, body: `payload ${i}` });
      expect(posted).toMatchObject({ status: 200, body: `payload ${i}` });
    }
    await echo.close();
  });

  it("does not retry when retries is 0, and answers 502", async () => {
    const port = await unusedPort();
    await serve({ id: "noretry", name: "noretry", retries: 0, passiveHealth: { maxFails: 0 }, targets: [{ url: `http://127.0.0.1:${port}` }] });
    const page = await proxy.get("noretry.test");
    expect(page.status).toBe(502);
    expect(page.body).toContain("could not be reached");
  });

  it("cuts the client's connection when the response body stalls past the idle timeout", async () => {
    const stalling = await startBackend((_req, res) => {
      res.writeHead(200, { "content-length": "10" });
      res.write("12345");
    });
    await serve({ id: "stall", name: "stall", passiveHealth: { maxFails: 1 }, timeouts: { idleMs: 200 }, targets: [{ url: stalling.origin }] });
    await expect(proxy.get("stall.test")).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    expect(healthOf("stall", 0).report()).toMatchObject({ state: "down", lastError: expect.stringContaining("UND_ERR_BODY_TIMEOUT") });
    await stalling.close();
  });

  it("keeps a dead or unresolvable upstream to the hosts that use it", async () => {
    await serve(
      { id: "nowhere", name: "nowhere", retries: 0, targets: [{ url: "http://gatehouse-test.invalid:8080" }] },
      { id: "fine", name: "fine", targets: [{ url: primary.origin }] },
    );
    const page = await proxy.get("nowhere.test");
    expect(page.status).toBe(502);
    expect(healthOf("nowhere", 0).lastError).toContain("ENOTFOUND");
    expect(await bodyOf("fine.test")).toBe("primary");
  });

  it("answers 504 when the response headers do not arrive in time", async () => {
    await serve({ id: "slow", name: "slow", timeouts: { responseHeadersMs: 200 }, targets: [{ url: silentOrigin }] });
    const page = await proxy.get("slow.test");
    expect(page.status).toBe(504);
    expect(page.body).toContain("did not answer in time");
  });
});
