import { afterEach, describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { snapshot, snapshotOf } from "../test/snapshots.ts";
import { compileRouteTable, EMPTY_ROUTE_TABLE, RouteTableStore, type TRouteTable } from "./route-table.ts";
import { findHost } from "./router.ts";
import { SecureContextCache } from "./tls/certificate-store.ts";
import { UpstreamRuntime } from "./upstream/upstream-runtime.ts";

const runtimes: UpstreamRuntime[] = [];
function newRuntime(): UpstreamRuntime {
  const runtime = new UpstreamRuntime(captureLogs().logger);
  runtimes.push(runtime);
  return runtime;
}
afterEach(async () => {
  await Promise.all(runtimes.splice(0).map((runtime) => runtime.close()));
});

describe("compileRouteTable", () => {
  it("maps every domain of a host to one compiled host, its locations longest first, and compiles each upstream once", () => {
    const config = snapshotOf(3, {
      hosts: [
        {
          id: "h1",
          domains: ["a.test", "www.a.test", "*.apps.test"],
          locations: [
            { path: "/", action: { type: "proxy", upstreamId: "u1" } },
            { path: "/api/v2", action: { type: "proxy", upstreamId: "u2", stripPrefix: true } },
            { path: "/api", action: { type: "respond", status: 410 } },
          ],
        },
        { id: "h2", domains: ["b.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "u1" } }] },
      ],
      upstreams: [
        { id: "u1", name: "one", targets: [{ url: "http://127.0.0.1:9001" }, { url: "http://127.0.0.1:9002", backup: true }] },
        { id: "u2", name: "two", targets: [{ url: "http://127.0.0.1:9003" }] },
      ],
      settings: { defaultSite: { type: "close" } },
    });
    const table = compileRouteTable(config, newRuntime(), new SecureContextCache(captureLogs().logger));
    expect(table.revision).toBe(3);
    expect([...table.hosts.exact.keys()].sort()).toEqual(["a.test", "b.test", "www.a.test"]);
    expect([...table.hosts.wildcard.keys()]).toEqual(["apps.test"]);
    const host = findHost(table.hosts, "www.a.test")!;
    expect(host).toBe(findHost(table.hosts, "x.apps.test"));
    expect(host.label).toBe("a.test");
    expect(host.locations.map((l) => [l.prefix, l.action.kind])).toEqual([
      ["/api/v2", "proxy"],
      ["/api", "respond"],
      ["/", "proxy"],
    ]);
    expect(host.locations[0]!.action).toMatchObject({ kind: "proxy", stripPrefix: "/api/v2" });
    expect(host.locations[2]!.action).toMatchObject({ kind: "proxy", stripPrefix: undefined });
    // Hosts sharing an upstream share its compiled pool (and so its rotation and counters).
    const shared = findHost(table.hosts, "b.test")!.locations[0]!.action;
    expect(shared.kind === "proxy" && shared.upstream).toBe(table.upstreams.get("u1"));
    expect(table.upstreams.get("u1")!.targets.map((t) => t.url)).toEqual(["http://127.0.0.1:9001", "http://127.0.0.1:9002"]);
    expect(table.defaultSite).toEqual({ kind: "close" });
    expect(Object.isFrozen(table)).toBe(true);
  });
});

describe("RouteTableStore", () => {
  function newStore() {
    const logs = captureLogs();
    const swaps: TRouteTable[] = [];
    const runtime = newRuntime();
    const store = new RouteTableStore(logs.logger, runtime, (table) => swaps.push(table));
    return { store, logs, swaps, runtime };
  }

  it("starts empty and swaps in a valid snapshot as one new table", () => {
    const { store, swaps } = newStore();
    expect(store.current).toBe(EMPTY_ROUTE_TABLE);
    const before = store.current;
    const outcome = store.offer(snapshot(1, { "a.test": "http://127.0.0.1:9001" }), "test");
    expect(outcome.kind).toBe("applied");
    expect(store.current).not.toBe(before);
    expect(store.current.revision).toBe(1);
    expect(swaps).toEqual([store.current]);
    // The old table is untouched: requests that hold it finish on it.
    expect(before.hosts.exact.size).toBe(0);
  });

  it("rejects an invalid snapshot with the zod reason and keeps serving the previous table", () => {
    const { store, logs, swaps } = newStore();
    store.offer(snapshot(1, { "a.test": "http://127.0.0.1:9001" }), "test");
    const kept = store.current;
    const invalid = { ...snapshot(2, { "b.test": "http://127.0.0.1:9002" }), upstreams: [] };
    const outcome = store.offer(invalid, "test");
    expect(outcome).toMatchObject({ kind: "invalid" });
    expect(outcome.kind === "invalid" && outcome.reason).toContain("refers to upstream upstream-0");
    expect(store.current).toBe(kept);
    expect(swaps).toHaveLength(1);
    const [logged] = logs.find("config snapshot rejected: invalid");
    expect(logged).toMatchObject({ source: "test", keptRevision: 1 });
    expect(String(logged!.reason)).toContain("upstream-0");
  });

  it("rejects snapshots of another schema version", () => {
    const { store } = newStore();
    expect(store.offer({ ...snapshot(1, {}), schemaVersion: 1 }, "test").kind).toBe("invalid");
    expect(store.offer("not an object", "test").kind).toBe("invalid");
    expect(store.current).toBe(EMPTY_ROUTE_TABLE);
  });

  it("ignores revisions older than or equal to the applied one", () => {
    const { store, logs, swaps } = newStore();
    store.offer(snapshot(5, { "a.test": "http://127.0.0.1:9001" }), "test");
    const kept = store.current;
    expect(store.offer(snapshot(5, { "b.test": "http://127.0.0.1:9002" }), "test")).toEqual({ kind: "stale", revision: 5 });
    expect(store.offer(snapshot(4, { "b.test": "http://127.0.0.1:9002" }), "test")).toEqual({ kind: "stale", revision: 4 });
    expect(store.current).toBe(kept);
    expect(swaps).toHaveLength(1);
    expect(logs.find("config snapshot ignored: revision not newer than the applied one")).toHaveLength(2);
    expect(store.offer(snapshot(6, { "b.test": "http://127.0.0.1:9002" }), "test").kind).toBe("applied");
    expect(store.current.hosts.exact.has("b.test")).toBe(true);
  });

  it("keeps a target's health object across a swap that keeps the target, and drops the others", () => {
    const { store, runtime } = newStore();
    store.offer(snapshot(1, { "a.test": ["http://127.0.0.1:9001", "http://127.0.0.1:9002"] }), "test");
    const before = store.current.upstreams.get("upstream-0")!.targets[0]!.health;
    before.recordFailure("refused");
    store.offer(snapshot(2, { "a.test": "http://127.0.0.1:9001" }), "test");
    const after = store.current.upstreams.get("upstream-0")!.targets[0]!.health;
    expect(after).toBe(before);
    expect(runtime.registry.snapshot()).toEqual([
      { upstreamId: "upstream-0", url: "http://127.0.0.1:9001", state: "unknown", lastError: "refused", inFlight: 0, changedAt: null },
    ]);
  });
});
