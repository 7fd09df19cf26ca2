import { describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { snapshot } from "../test/snapshots.ts";
import { compileRouteTable, EMPTY_ROUTE_TABLE, RouteTableStore, type TRouteTable } from "./route-table.ts";

describe("compileRouteTable", () => {
  it("maps every domain of a host to its upstream and lists all target origins", () => {
    const config = snapshot(3, { "a.test": ["http://127.0.0.1:9001", "http://127.0.0.1:9002"], "b.test": "http://127.0.0.1:9003" });
    config.hosts[0]!.domains.push("www.a.test");
    const table = compileRouteTable(config);
    expect(table.revision).toBe(3);
    expect([...table.routesByDomain.keys()].sort()).toEqual(["a.test", "b.test", "www.a.test"]);
    expect(table.routesByDomain.get("www.a.test")).toMatchObject({ hostId: "host-0", upstreamId: "upstream-0" });
    expect([...table.origins].sort()).toEqual(["http://127.0.0.1:9001", "http://127.0.0.1:9002", "http://127.0.0.1:9003"]);
    expect(Object.isFrozen(table)).toBe(true);
  });
});

describe("RouteTableStore", () => {
  function newStore() {
    const logs = captureLogs();
    const swaps: TRouteTable[] = [];
    const store = new RouteTableStore(logs.logger, (table) => swaps.push(table));
    return { store, logs, swaps };
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
    expect(before.routesByDomain.size).toBe(0);
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
    expect(store.offer({ ...snapshot(1, {}), schemaVersion: 2 }, "test").kind).toBe("invalid");
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
    expect(store.current.routesByDomain.has("b.test")).toBe(true);
  });
});
