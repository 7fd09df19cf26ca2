import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type TTestBackend } from "../test/backends.ts";
import { FakeControlPlane } from "../test/fake-control-plane.ts";
import { snapshot } from "../test/snapshots.ts";
import { startTestProxy, type TTestProxy } from "../test/start-proxy.ts";
import { runSwapLoad } from "../test/swap-load.ts";

const TOKEN = "swap-load-token";
/** The figure; the run is bounded by time and stops by itself. */
const LOAD_SECONDS = Number(process.env.GATEHOUSE_SWAP_LOAD_SECONDS ?? 30);
const CLIENT_CONNECTIONS = 8;
const MIN_SWAPS = 100;

describe("config swaps under load", () => {
  let backendA: TTestBackend;
  let backendB: TTestBackend;
  let controlPlane: FakeControlPlane;
  let proxy: TTestProxy;

  beforeAll(async () => {
    [backendA, backendB] = await Promise.all([startEchoBackend("A"), startEchoBackend("B")]);
    controlPlane = new FakeControlPlane(TOKEN);
    await controlPlane.start();
    controlPlane.publish(snapshot(1, { "a.test": backendA.origin }));
    proxy = await startTestProxy({ kind: "control-plane", url: controlPlane.url, nodeToken: TOKEN });
    await controlPlane.waitForApplied(1);
  });

  afterAll(async () => {
    await proxy?.close();
    await controlPlane?.stop();
    await Promise.all([backendA?.close(), backendB?.close()]);
  });

  it(`drops no request and closes no client connection across ${MIN_SWAPS}+ swaps in ${LOAD_SECONDS} s of load`, { timeout: (LOAD_SECONDS + 60) * 1000 }, async () => {
    const run = await runSwapLoad(proxy.node.url, {
      connections: CLIENT_CONNECTIONS,
      seconds: LOAD_SECONDS,
      minSwaps: MIN_SWAPS,
      swapIntervalMs: 0,
      host: "a.test",
      fromRevision: 1,
      // Each revision adds a host of its own and keeps a.test on A, so every swap rebuilds the table
      // while the answers for a.test stay checkable.
      swap: async (revision) => {
        controlPlane.publish(snapshot(revision, { "a.test": backendA.origin, [`r${revision}.test`]: backendB.origin }));
        await controlPlane.waitForApplied(revision);
      },
    });

    // The newest revision is served: its own host answers.
    const newest = await request(proxy.node.url, { headers: { host: `r${run.lastRevision}.test` } });
    expect(JSON.parse(await newest.body.text())).toMatchObject({ backend: "B" });
    expect(run.failures).toEqual([]);
    expect(run.lastRevision - 1).toBeGreaterThanOrEqual(MIN_SWAPS);
    expect(Object.keys(run.answeredBy)).toEqual(["A"]);
    expect([run.idleBefore, run.idleAfter]).toEqual(["A", "A"]);
    expect(run.connections).toEqual({ opened: CLIENT_CONNECTIONS, closed: 0, idleOpened: 1, idleClosed: 0 });
  });
});
