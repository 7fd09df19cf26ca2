import { describe, expect, it } from "vitest";
import { markDown, markUp, poolTargets, tally } from "../../test/pool-targets.ts";
import type { TSelectContext } from "./selection-policy.ts";
import { createWeightedRoundRobin } from "./weighted-round-robin.ts";

const context: TSelectContext = { clientAddress: "192.0.2.1", cookies: undefined };

describe("smooth weighted round robin", () => {
  it("honours weights and spreads the heavy target out (nginx smooth WRR)", () => {
    const policy = createWeightedRoundRobin(poolTargets({ a: 5, b: 1, c: 1 }));
    const picks = Array.from({ length: 7 }, () => policy.select(context, undefined)!.url.slice("http://".length));
    expect(picks.join("")).toBe("aabacaa");
  });

  it("gives each target its weight's share", () => {
    const policy = createWeightedRoundRobin(poolTargets({ a: 3, b: 1 }));
    expect(tally(400, () => policy.select(context, undefined))).toEqual({ a: 300, b: 100 });
  });

  it("skips unavailable and already tried targets, and finds none when all are out", () => {
    const targets = poolTargets({ a: 1, b: 1, c: 1 });
    const policy = createWeightedRoundRobin(targets);
    markDown(targets[1]!);
    expect(tally(10, () => policy.select(context, undefined))).toEqual({ a: 5, c: 5 });
    expect(policy.select(context, [targets[0]!])).toBe(targets[2]);
    markDown(targets[0]!);
    markDown(targets[2]!);
    expect(policy.select(context, undefined)).toBeUndefined();
    markUp(targets[1]!);
    expect(policy.select(context, undefined)).toBe(targets[1]);
  });
});
