import { setTimeout as sleep } from "node:timers/promises";
import { Client, Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type TTestBackend } from "../test/backends.ts";
import { FakeControlPlane } from "../test/fake-control-plane.ts";
import { snapshot } from "../test/snapshots.ts";
import { startTestProxy, type TTestProxy } from "../test/start-proxy.ts";

const TOKEN = "swap-load-token";
/** The figure; the run is bounded by time and stops by itself. */
const LOAD_SECONDS = Number(process.env.GATEHOUSE_SWAP_LOAD_SECONDS ?? 30);
const CLIENT_CONNECTIONS = 8;
const MIN_SWAPS = 100;
// Long client-side keep-alive so that any closed connection is the proxy's doing.
const KEEP_OPEN = { keepAliveTimeout: 600_000, keepAliveMaxTimeout: 600_000 };

/** Resolves once the proxy has told the control plane it applied `revision` (or a newer one). */
async function reported(controlPlane: FakeControlPlane, revision: number): Promise<void> {
  while ((controlPlane.latestApplied ?? -1) < revision) await sleep(2);
}

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
    await reported(controlPlane, 1);
  });

  afterAll(async () => {
    await proxy?.close();
    await controlPlane?.stop();
    await Promise.all([backendA?.close(), backendB?.close()]);
  });

  it(`drops no request and closes no client connection across ${MIN_SWAPS}+ swaps in ${LOAD_SECONDS} s of load`, { timeout: (LOAD_SECONDS + 60) * 1000 }, async () => {
    const busy = new Pool(proxy.node.url, { connections: CLIENT_CONNECTIONS, ...KEEP_OPEN });
    const idle = new Client(proxy.node.url, KEEP_OPEN);
    const connections = { opened: 0, closed: 0, idleOpened: 0, idleClosed: 0 };
    busy.on("connect", () => (connections.opened += 1));
    busy.on("disconnect", () => (connections.closed += 1));
    idle.on("connect", () => (connections.idleOpened += 1));
    idle.on("disconnect", () => (connections.idleClosed += 1));
    const failures: string[] = [];
    let answered = 0;

    const get = async (client: Pool | Client, host: string) => {
      const response = await client.request({ path: "/", method: "GET", headers: { host } });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${text.slice(0, 200)}`);
      return (JSON.parse(text) as { backend: string }).backend;
    };

    try {
      expect(await get(idle, "a.test")).toBe("A");
      const deadline = Date.now() + LOAD_SECONDS * 1000;
      // Each revision adds a host of its own and keeps a.test on A, so every swap rebuilds the table
      // while the answers for a.test stay checkable.
      let revision = 1;
      const swapper = (async () => {
        while (Date.now() < deadline) {
          const applied = revision;
          revision += 1;
          controlPlane.publish(snapshot(revision, { "a.test": backendA.origin, [`r${revision}.test`]: backendB.origin }));
          await reported(controlPlane, applied + 1);
        }
      })();
      const loaders = Array.from({ length: CLIENT_CONNECTIONS * 2 }, async () => {
        while (Date.now() < deadline) {
          try {
            const backend = await get(busy, "a.test");
            if (backend !== "A") failures.push(`answered by ${backend}`);
            answered += 1;
          } catch (error) {
            failures.push((error as Error).message);
          }
        }
      });
      await Promise.all([swapper, ...loaders]);

      // The newest revision is served: its own host answers.
      expect(await get(busy, `r${revision}.test`)).toBe("B");
      expect(await get(idle, "a.test")).toBe("A");
      expect(failures).toEqual([]);
      expect(revision - 1).toBeGreaterThanOrEqual(MIN_SWAPS);
      expect(answered).toBeGreaterThan(0);
      expect(connections).toEqual({ opened: CLIENT_CONNECTIONS, closed: 0, idleOpened: 1, idleClosed: 0 });
    } finally {
      await Promise.all([busy.close(), idle.close()]);
    }
  });
});
