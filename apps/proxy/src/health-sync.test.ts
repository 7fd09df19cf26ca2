import type { TTargetHealthReport } from "@gatehouse/shared";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { snapshotOf } from "../test/snapshots.ts";
import { HealthAuthority, HealthFollower } from "./health-sync.ts";
import { RouteTableStore } from "./route-table.ts";
import { UpstreamRuntime } from "./upstream/upstream-runtime.ts";

const TARGET = "http://127.0.0.1:9";
const CONFIG = snapshotOf(1, {
  hosts: [{ id: "h", domains: ["a.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "u" } }] }],
  upstreams: [{ id: "u", name: "u", passiveHealth: { maxFails: 1 }, targets: [{ url: TARGET }] }],
});

/** A compiled table over a real registry, as a worker or the primary holds it (no active checks configured). */
function compiled(activeHealthChecks: boolean) {
  const runtime = new UpstreamRuntime(captureLogs().logger, { activeHealthChecks });
  const store = new RouteTableStore(captureLogs().logger, runtime);
  store.offer(CONFIG, "test");
  return { runtime, store, target: store.current.upstreams.get("u")!.targets[0]! };
}

describe("cluster health", () => {
  const runtimes: UpstreamRuntime[] = [];
  afterEach(async () => {
    for (const runtime of runtimes.splice(0)) await runtime.close();
  });

  it("the authority marks a target down for the cool-off a worker reported, then lets it go", async () => {
    const { runtime } = compiled(true);
    runtimes.push(runtime);
    let changes = 0;
    const authority = new HealthAuthority(runtime.registry, () => 50, () => (changes += 1));
    authority.refresh();
    expect(authority.states()).toEqual([expect.objectContaining({ upstreamId: "u", url: TARGET, state: "unknown", changedAt: null })]);

    authority.noteEjected("u", TARGET, "ECONNREFUSED");
    expect(authority.states()[0]).toMatchObject({ state: "down", lastError: "ECONNREFUSED", changedAt: expect.any(String) });
    expect(changes).toBe(1);
    await expect.poll(() => authority.states()[0]!.state).toBe("unknown");
    expect(changes).toBe(2);

    authority.noteAnswered("u", TARGET);
    expect(authority.states()[0]!.state).toBe("up");
    authority.close();
  });

  it("a worker adopts verdicts without echoing them, and reports its own ejections and answers", () => {
    const { runtime, store, target } = compiled(false);
    runtimes.push(runtime);
    const events: string[] = [];
    const follower = new HealthFollower(runtime.registry, () => store.current, {
      ejected: (upstreamId, url, lastError) => events.push(`ejected ${upstreamId} ${url} ${lastError}`),
      answered: (upstreamId, url) => events.push(`answered ${upstreamId} ${url}`),
    });
    const verdict = (state: TTargetHealthReport["state"]): TTargetHealthReport => ({
      upstreamId: "u",
      url: TARGET,
      state,
      lastError: state === "down" ? "health check failed" : null,
      inFlight: 0,
      changedAt: null,
    });

    follower.apply([verdict("down")]);
    expect(target.health.available).toBe(false);
    follower.apply([verdict("unknown")]);
    expect(target.health.available).toBe(true);
    expect(events).toEqual([]);

    target.health.recordAnswer();
    target.health.recordFailure("ECONNREFUSED");
    expect(events).toEqual([`answered u ${TARGET}`, `ejected u ${TARGET} ECONNREFUSED`]);
  });
});
