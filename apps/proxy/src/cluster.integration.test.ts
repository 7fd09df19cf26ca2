import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, startEchoBackend, unusedPort, type TTestBackend } from "../test/backends.ts";
import { FakeControlPlane } from "../test/fake-control-plane.ts";
import { spawnProxy, type TProxyProcess } from "../test/proxy-process.ts";
import { snapshot, snapshotOf } from "../test/snapshots.ts";

const TOKEN = "cluster-node-token";

/**
 * One proxy process with two workers against a fake control plane, taken through its life: config
 * reaching both workers, a worker killed and replaced, passive ejection shared by the workers,
 * aggregated metrics, health reports, and a SIGTERM drain with a request in flight.
 */
describe("gatehouse-proxy with two workers", () => {
  let backendA: TTestBackend;
  let backendB: TTestBackend;
  let slowBackend: TTestBackend;
  let releaseSlow!: () => void;
  let slowArrived!: () => void;
  const slowRequestArrived = new Promise<void>((resolve) => (slowArrived = resolve));
  let controlPlane: FakeControlPlane;
  let proxy: TProxyProcess;
  let proxyUrl: string;
  let dir: string;

  beforeAll(async () => {
    const released = new Promise<void>((resolve) => (releaseSlow = resolve));
    [backendA, backendB, slowBackend] = await Promise.all([
      startEchoBackend("A"),
      startEchoBackend("B"),
      startBackend((_req, res) => {
        slowArrived();
        released.then(() => res.end("slow done"));
      }),
    ]);
    controlPlane = new FakeControlPlane(TOKEN);
    await controlPlane.start();
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-cluster-"));
    controlPlane.publish(snapshot(1, { "a.test": backendA.origin, "slow.test": slowBackend.origin }));
    proxy = spawnProxy([], {
      GATEHOUSE_CONTROL_PLANE_URL: controlPlane.url,
      GATEHOUSE_NODE_TOKEN: TOKEN,
      GATEHOUSE_PROXY_HTTP_PORT: "0",
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_DATA_DIR: dir,
      GATEHOUSE_PROXY_WORKERS: "2",
      GATEHOUSE_PROXY_METRICS_PORT: "0",
      GATEHOUSE_PROXY_ACCESS_LOG: "off",
    });
    const listening = await proxy.waitForLine((line) => line.msg === "proxy listening");
    expect(listening).toMatchObject({ workers: 2, source: "control-plane" });
    proxyUrl = String(listening.url);
  });

  afterAll(async () => {
    if (proxy?.child.exitCode === null) proxy.child.kill("SIGKILL");
    await controlPlane?.stop();
    await Promise.all([backendA?.close(), backendB?.close(), slowBackend?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  /** `count` requests, each on a new connection, so the primary spreads them over both workers. */
  async function answers(host: string, count: number): Promise<string[]> {
    const results: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const response = await request(proxyUrl, { headers: { host, connection: "close" }, dispatcher: new Agent({ pipelining: 0 }) });
      const text = await response.body.text();
      results.push(response.statusCode === 200 ? (JSON.parse(text) as { backend: string }).backend : `status ${response.statusCode}`);
    }
    return results;
  }

  function workersThatApplied(revision: number): Set<unknown> {
    return new Set(proxy.lines.filter((line) => line.msg === "worker serves config" && line.revision === revision).map((line) => line.pid));
  }

  it("hands each snapshot to both workers and reports it applied only once both serve it", async () => {
    await expect.poll(() => controlPlane.latestApplied).toBe(1);
    expect(workersThatApplied(1).size).toBe(2);
    expect(new Set(await answers("a.test", 10))).toEqual(new Set(["A"]));

    controlPlane.publish(snapshot(2, { "a.test": backendB.origin, "slow.test": slowBackend.origin }));
    await expect.poll(() => controlPlane.latestApplied).toBe(2);
    // No polling here: "applied" was reported after both workers confirmed.
    expect(new Set(await answers("a.test", 20))).toEqual(new Set(["B"]));
    expect(workersThatApplied(2).size).toBe(2);
    // One "config applied" per revision, from the primary, written once both workers served it.
    const applied = proxy.lines.filter((line) => line.msg === "config applied" && line.revision === 2);
    expect(applied).toEqual([expect.objectContaining({ source: "control-plane", workers: 2, previousRevision: 1 })]);
  });

  it("replaces a worker that dies; the new one starts with the current config", async () => {
    const [victim] = [...workersThatApplied(2)];
    process.kill(Number(victim), "SIGKILL");
    const died = await proxy.waitForLine((line) => line.msg === "proxy worker died: starting a new one");
    expect(died).toMatchObject({ level: "error", workerPid: victim, signal: "SIGKILL" });
    await proxy.waitForLine((line) => line.msg === "worker serves config" && line.revision === 2 && !workersThatApplied(1).has(line.pid));
    expect(new Set(await answers("a.test", 20))).toEqual(new Set(["B"]));
  });

  it("shares a passive ejection: after one worker sees a target fail, no worker sends to it", async () => {
    const deadTarget = `http://127.0.0.1:${await unusedPort()}`;
    controlPlane.publish(
      snapshotOf(3, {
        hosts: [
          { id: "a", domains: ["a.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "pair" } }] },
          { id: "slow", domains: ["slow.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "slow" } }] },
        ],
        upstreams: [
          { id: "pair", name: "pair", retries: 0, passiveHealth: { maxFails: 1, cooldownMs: 600_000 }, targets: [{ url: deadTarget }, { url: backendA.origin }] },
          { id: "slow", name: "slow", targets: [{ url: slowBackend.origin }] },
        ],
      }),
    );
    await expect.poll(() => controlPlane.latestApplied).toBe(3);
    // Round robin sends a worker's first or second request to the dead target; one failure ejects it.
    await expect.poll(async () => (await answers("a.test", 1))[0]).toBe("status 502");
    await expect
      .poll(() => controlPlane.reports.at(-1)?.targets.find((target) => target.url === deadTarget)?.state)
      .toBe("down");
    // The primary sends its verdict to the workers as it reports it; the next report gives a loaded
    // machine time to deliver that message before the other worker is asked.
    const reportsSoFar = controlPlane.reports.length;
    await expect.poll(() => controlPlane.reports.length, { timeout: 30_000 }).toBeGreaterThan(reportsSoFar);
    expect(new Set(await answers("a.test", 20))).toEqual(new Set(["A"]));
    // A worker's first answer from A travels up too, so the report shows A up, not unknown.
    await expect.poll(() => controlPlane.reports.at(-1)?.targets.find((target) => target.url === backendA.origin)?.state).toBe("up");
    const report = controlPlane.reports.at(-1)!;
    expect(report.revision).toBe(3);
    expect(report.targets.find((target) => target.url === deadTarget)).toMatchObject({ upstreamId: "pair", lastError: expect.any(String) });
    expect(report.targets.find((target) => target.url === backendA.origin)).toMatchObject({ inFlight: 0 });
  });

  it("serves metrics summed over both workers, on loopback", async () => {
    const metricsLine = await proxy.waitForLine((line) => line.msg === "metrics listening");
    const url = String(metricsLine.url);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scrape = async () => (await request(url)).body.text();
    const okCount = (text: string) => Number(/^gatehouse_proxy_requests_total\{host="a\.test",status_class="2xx"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    // A killed worker takes its counts with it (a counter reset, to Prometheus), so compare a delta.
    const before = okCount(await scrape());
    await answers("a.test", 20);
    const text = await scrape();
    expect(okCount(text) - before).toBe(20);
    expect(text).toMatch(/gatehouse_proxy_requests_total\{host="a\.test",status_class="5xx"\} [1-9]/);
    expect(text).toMatch(/^gatehouse_proxy_config_revision 3$/m);
    expect(text).toMatch(/gatehouse_proxy_upstream_target_up\{upstream="pair",target="http:\/\/127\.0\.0\.1:\d+"\} 0/);
  });

  it("drains on SIGTERM: a request in flight gets its answer, then primary and workers exit 0", async () => {
    const slow = request(proxyUrl, { headers: { host: "slow.test" } }).then(async (response) => `${response.statusCode} ${await response.body.text()}`);
    await slowRequestArrived;
    proxy.child.kill("SIGTERM");
    await proxy.waitForLine((line) => line.msg === "proxy stopping: finishing in-flight requests");
    await expect.poll(() => proxy.lines.filter((line) => line.msg === "proxy worker draining").length).toBe(2);
    releaseSlow();
    expect(await slow).toBe("200 slow done");
    expect(await proxy.exited).toBe(0);
    expect(proxy.lines.at(-1)).toMatchObject({ msg: "proxy stopped" });
  });
});
