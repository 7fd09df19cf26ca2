import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type TTestBackend } from "../test/backends.ts";
import { FakeControlPlane } from "../test/fake-control-plane.ts";
import { spawnProxy, type TProxyProcess } from "../test/proxy-process.ts";
import { snapshot } from "../test/snapshots.ts";
import { runSwapLoad } from "../test/swap-load.ts";

const TOKEN = "cluster-swap-load-token";
const LOAD_SECONDS = Number(process.env.GATEHOUSE_SWAP_LOAD_SECONDS ?? 15);
const CLIENT_CONNECTIONS = 4;
const MIN_SWAPS = 100;

/**
 * The swap-under-load proof for cluster mode: the real proxy process with two workers, where each
 * swap travels primary -> both workers -> confirmation before the revision counts as applied.
 */
describe("config swaps under load with two workers", () => {
  let backendA: TTestBackend;
  let backendB: TTestBackend;
  let controlPlane: FakeControlPlane;
  let proxy: TProxyProcess;
  let proxyUrl: string;
  let dir: string;

  /** Odd revisions send a.test to A, even ones to B, so every swap changes who answers. */
  const backendFor = (revision: number) => (revision % 2 === 1 ? backendA : backendB);
  const nameFor = (revision: number) => (revision % 2 === 1 ? "A" : "B");

  beforeAll(async () => {
    [backendA, backendB] = await Promise.all([startEchoBackend("A"), startEchoBackend("B")]);
    controlPlane = new FakeControlPlane(TOKEN);
    await controlPlane.start();
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-cluster-swap-"));
    controlPlane.publish(snapshot(1, { "a.test": backendFor(1).origin }));
    proxy = spawnProxy([], {
      GATEHOUSE_CONTROL_PLANE_URL: controlPlane.url,
      GATEHOUSE_NODE_TOKEN: TOKEN,
      GATEHOUSE_PROXY_HTTP_PORT: "0",
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_DATA_DIR: dir,
      GATEHOUSE_PROXY_WORKERS: "2",
      GATEHOUSE_PROXY_ACCESS_LOG: "off",
    });
    const listening = await proxy.waitForLine((line) => line.msg === "proxy listening");
    expect(listening).toMatchObject({ workers: 2, source: "control-plane" });
    proxyUrl = String(listening.url);
    await controlPlane.waitForApplied(1);
  });

  afterAll(async () => {
    if (proxy?.child.exitCode === null) {
      proxy.child.kill("SIGKILL");
      await proxy.exited;
    }
    await controlPlane?.stop();
    await Promise.all([backendA?.close(), backendB?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`drops no request and closes no client connection across ${MIN_SWAPS}+ swaps in ${LOAD_SECONDS} s of load`, { timeout: (LOAD_SECONDS + 60) * 1000 }, async () => {
    const run = await runSwapLoad(proxyUrl, {
      connections: CLIENT_CONNECTIONS,
      seconds: LOAD_SECONDS,
      minSwaps: MIN_SWAPS,
      swapIntervalMs: 100,
      host: "a.test",
      fromRevision: 1,
      swap: async (revision) => {
        controlPlane.publish(snapshot(revision, { "a.test": backendFor(revision).origin }));
        await controlPlane.waitForApplied(revision);
      },
    });

    expect(run.failures).toEqual([]);
    expect(run.lastRevision - 1).toBeGreaterThanOrEqual(MIN_SWAPS);
    expect(controlPlane.latestApplied).toBe(run.lastRevision);
    expect(Object.keys(run.answeredBy).sort()).toEqual(["A", "B"]);
    // The idle connection, opened before the first swap, still answers from the newest revision.
    expect([run.idleBefore, run.idleAfter]).toEqual([nameFor(1), nameFor(run.lastRevision)]);
    expect(run.connections).toEqual({ opened: CLIENT_CONNECTIONS, closed: 0, idleOpened: 1, idleClosed: 0 });
  });
});
