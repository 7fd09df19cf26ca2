import { describe, expect, it } from "vitest";
import { markDown, poolTargets, tally } from "../../test/pool-targets.ts";
import { createLeastConnections } from "./least-connections.ts";
import type { TSelectContext } from "./selection-policy.ts";

const context: TSelectContext = { clientAddress: undefined, cookies: undefined };

describe("least connections", () => {
  it("prefers the idle target", () => {
    const targets = poolTargets({ a: 1, b: 1, c: 1 });
    targets[0]!.health.inFlight = 4;
    targets[2]!.health.inFlight = 1;
    const policy = createLeastConnections(targets);
    expect(policy.select(context, undefined)).toBe(targets[1]);
  });

  it("weighs in-flight requests by weight", () => {
    const targets = poolTargets({ big: 4, small: 1 });
    targets[0]!.health.inFlight = 3;
    targets[1]!.health.inFlight = 1;
    // 3/4 < 1/1
    expect(createLeastConnections(targets).select(context, undefined)).toBe(targets[0]);
  });

  it("takes turns between equally loaded targets and skips unavailable ones", () => {
    const targets = poolTargets({ a: 1, b: 1, c: 1 });
    const policy = createLeastConnections(targets);
    expect(tally(30, () => policy.select(context, undefined))).toEqual({ a: 10, b: 10, c: 10 });
    markDown(targets[0]!);
    expect(tally(10, () => policy.select(context, undefined))).toEqual({ b: 5, c: 5 });
    expect(policy.select(context, [targets[1]!, targets[2]!])).toBeUndefined();
  });
});
