import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startBackend, startEchoBackend, unusedPort, type TTestBackend } from "../test/backends.ts";
import { FakeControlPlane } from "../test/fake-control-plane.ts";
import { captureLogs } from "../test/log-capture.ts";
import { snapshot } from "../test/snapshots.ts";
import { startTestProxy, type TTestProxy } from "../test/start-proxy.ts";
import { LastGoodFile } from "./last-good.ts";

const TOKEN = "node-token-for-tests";
// Faster retries than production's 0.5..10 s so the outage tests do not idle; same code path.
const FAST_RETRY = { backoff: { minMs: 20, maxMs: 200 } };

/** Which backend answered a request for `host`, by the name the echo backend puts in its body. */
async function backendFor(client: Agent, proxyUrl: string, host: string): Promise<string> {
  const response = await request(proxyUrl, { dispatcher: client, headers: { host } });
  if (response.statusCode !== 200) {
    await response.body.dump();
    return `status ${response.statusCode}`;
  }
  return ((await response.body.json()) as { backend: string }).backend;
}

describe("config from the control plane", () => {
  let backendA: TTestBackend;
  let backendB: TTestBackend;
  let client: Agent;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    [backendA, backendB] = await Promise.all([startEchoBackend("A"), startEchoBackend("B")]);
    client = new Agent({ connections: 100 });
  });

  afterEach(async () => {
    // Proxy before control plane, so the long poll is aborted rather than cut.
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all([backendA?.close(), backendB?.close()]);
  });

  async function startControlPlane(port?: number): Promise<FakeControlPlane> {
    const controlPlane = new FakeControlPlane(TOKEN);
    await controlPlane.start(port);
    cleanups.push(() => controlPlane.stop());
    return controlPlane;
  }

  async function startProxy(url: string, stateDir?: string): Promise<TTestProxy> {
    const proxy = await startTestProxy({ kind: "control-plane", url, nodeToken: TOKEN }, { stateDir, configClient: FAST_RETRY });
    cleanups.push(() => proxy.close());
    return proxy;
  }

  it("applies a published snapshot, reports the applied revision at once, and persists it", async () => {
    const controlPlane = await startControlPlane();
    controlPlane.publish(snapshot(1, { "a.test": backendA.origin }));
    const proxy = await startProxy(controlPlane.url);
    await expect.poll(() => controlPlane.latestApplied).toBe(1);
    expect(await backendFor(client, proxy.node.url, "a.test")).toBe("A");
    const saved = JSON.parse(await readFile(path.join(proxy.stateDir, "last-good.json"), "utf8"));
    expect(saved).toMatchObject({ revision: 1, hosts: [{ domains: ["a.test"] }] });
  });

  it("swaps config live under 50 concurrent requests without failing one; in-flight ones finish on the old table", async () => {
    // Backend C holds every request until released, so requests are provably in flight during the swap.
    let released!: () => void;
    const release = new Promise<void>((resolve) => (released = resolve));
    let heldRequests = 0;
    const backendC = await startBackend((_req, res) => {
      heldRequests += 1;
      release.then(() => res.end(JSON.stringify({ backend: "C" })));
    });
    cleanups.push(() => backendC.close());

    const controlPlane = await startControlPlane();
    controlPlane.publish(snapshot(1, { "live.test": backendC.origin }));
    const proxy = await startProxy(controlPlane.url);
    await expect.poll(() => controlPlane.latestApplied).toBe(1);

    const before = Array.from({ length: 25 }, () => backendFor(client, proxy.node.url, "live.test"));
    await expect.poll(() => heldRequests).toBe(25);

    // Revision 2 moves the host to B and drops C altogether, so C's pool is closed under its requests.
    controlPlane.publish(snapshot(2, { "live.test": backendB.origin }));
    await expect.poll(() => controlPlane.latestApplied).toBe(2);
    const after = Array.from({ length: 25 }, () => backendFor(client, proxy.node.url, "live.test"));
    released();

    const results = await Promise.all([...before, ...after]);
    expect(results.filter((result) => result === "C")).toHaveLength(25);
    expect(results.filter((result) => result === "B")).toHaveLength(25);
    expect(proxy.logs.find("upstream pool closed: target left the config")).toMatchObject([{ origin: backendC.origin }]);
    // The dropped target's keep-alive connections go away once its requests are done.
    await expect.poll(() => new Promise((resolve) => backendC.server.getConnections((_e, count) => resolve(count)))).toBe(0);
  });

  it("starts from the last-good file while the control plane is down, then catches up", async () => {
    const stateDir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-proxy-state-"));
    const lastGood = new LastGoodFile(stateDir, captureLogs().logger);
    await lastGood.save(snapshot(5, { "site.test": backendA.origin }));
    const port = await unusedPort();

    const proxy = await startProxy(`http://127.0.0.1:${port}`, stateDir);
    expect(proxy.node.currentTable().revision).toBe(5);
    expect(await backendFor(client, proxy.node.url, "site.test")).toBe("A");
    await expect.poll(() => proxy.logs.find("control plane unreachable: serving the current config").length).toBeGreaterThan(0);
    expect(await backendFor(client, proxy.node.url, "site.test")).toBe("A");

    const controlPlane = await startControlPlane(port);
    controlPlane.publish(snapshot(6, { "site.test": backendB.origin }));
    await expect.poll(() => backendFor(client, proxy.node.url, "site.test")).toBe("B");
    await expect.poll(() => controlPlane.latestApplied).toBe(6);
    // It asked with applied=5 first: the file's revision, not a fresh start.
    expect(controlPlane.appliedReports[0]).toBe(5);
    expect(await lastGood.load()).toMatchObject({ revision: 6 });
  });

  it("logs an invalid snapshot, keeps serving the previous config, and applies the next valid one", async () => {
    const controlPlane = await startControlPlane();
    controlPlane.publish(snapshot(1, { "a.test": backendA.origin }));
    const proxy = await startProxy(controlPlane.url);
    await expect.poll(() => controlPlane.latestApplied).toBe(1);

    const invalid = { ...snapshot(2, { "a.test": backendB.origin }), upstreams: [] };
    controlPlane.publish(invalid);
    await expect.poll(() => proxy.logs.find("config snapshot rejected: invalid").length).toBeGreaterThan(0);
    const [rejected] = proxy.logs.find("config snapshot rejected: invalid");
    expect(rejected).toMatchObject({ source: "control-plane", keptRevision: 1 });
    expect(String(rejected!.reason)).toContain("upstream-0");
    expect(proxy.node.currentTable().revision).toBe(1);
    expect(await backendFor(client, proxy.node.url, "a.test")).toBe("A");
    expect(JSON.parse(await readFile(path.join(proxy.stateDir, "last-good.json"), "utf8"))).toMatchObject({ revision: 1 });

    controlPlane.publish(snapshot(3, { "a.test": backendB.origin }));
    await expect.poll(() => backendFor(client, proxy.node.url, "a.test")).toBe("B");
    await expect.poll(() => controlPlane.latestApplied).toBe(3);
  });

  it("keeps retrying, warning once, when the control plane refuses the node token", async () => {
    const controlPlane = await startControlPlane();
    controlPlane.publish(snapshot(1, { "a.test": backendA.origin }));
    const proxy = await startTestProxy(
      { kind: "control-plane", url: controlPlane.url, nodeToken: "wrong-token" },
      { configClient: FAST_RETRY },
    );
    cleanups.push(() => proxy.close());
    await expect.poll(() => proxy.logs.find("control plane refused the config request").length).toBeGreaterThan(2);
    const refusals = proxy.logs.find("control plane refused the config request");
    expect(refusals[0]).toMatchObject({ status: 401, level: 40 });
    expect(refusals.slice(1).every((line) => line.level === 20)).toBe(true);
    expect(String(refusals[0]!.body)).toContain("UNAUTHENTICATED");
    expect(await backendFor(client, proxy.node.url, "a.test")).toBe("status 404");
  });
});
