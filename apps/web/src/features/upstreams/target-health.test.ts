import { describe, expect, it } from "vitest";
import { summarizeTargetHealth, targetHealthLookup } from "./target-health.ts";

const reportedAt = new Date();
const node = (nodeName: string, state: "up" | "down" | "unknown", lastError: string | null = null, inFlight = 0) => ({
  nodeName,
  state,
  lastError,
  inFlight,
  changedAt: null,
  reportedAt,
});

describe("summarizeTargetHealth", () => {
  it("is unknown while no connected node reports the target", () => {
    expect(summarizeTargetHealth([]).state).toBe("unknown");
  });

  it("is up when every node reaches the target, with in-flight requests summed", () => {
    expect(summarizeTargetHealth([node("edge-1", "up", null, 2), node("edge-2", "up", null, 3)])).toEqual({
      state: "up",
      lastError: null,
      inFlight: 5,
      detail: null,
    });
  });

  it("is down when any node cannot reach it, saying which nodes see what", () => {
    const summary = summarizeTargetHealth([node("edge-1", "up"), node("edge-2", "down", "connect ECONNREFUSED 10.0.0.5:80")]);
    expect(summary).toEqual({ state: "down", lastError: "connect ECONNREFUSED 10.0.0.5:80", inFlight: 0, detail: "up on edge-1, down on edge-2" });
  });
});

describe("targetHealthLookup", () => {
  it("finds a target by upstream and URL, and calls an unreported one unknown", () => {
    const healthOf = targetHealthLookup([{ upstreamId: "u1", url: "http://10.0.0.5", nodes: [node("edge-1", "down")] }]);
    expect(healthOf("u1", "http://10.0.0.5").state).toBe("down");
    expect(healthOf("u2", "http://10.0.0.5").state).toBe("unknown");
  });
});
