import { describe, expect, it } from "vitest";
import { markDown, poolTargets, tally } from "../../test/pool-targets.ts";
import { createRandomTwo } from "./random-two.ts";
import type { TSelectContext } from "./selection-policy.ts";

const context: TSelectContext = { clientAddress: undefined, cookies: undefined };

describe("random two choices", () => {
  it("spreads requests over every target", () => {
    const policy = createRandomTwo(poolTargets({ a: 1, b: 1, c: 1, d: 1 }));
    const counts = tally(4_000, () => policy.select(context, undefined));
    for (const name of ["a", "b", "c", "d"]) expect(counts[name]).toBeGreaterThan(600);
  });

  it("of the two it draws, takes the one with fewer in-flight requests", () => {
    const targets = poolTargets({ a: 1, b: 1 });
    targets[0]!.health.inFlight = 5;
    // Draws a then b: b is less loaded.
    const draws = [0.1, 0.9];
    const policy = createRandomTwo(targets, () => draws.shift() ?? 0);
    expect(policy.select(context, undefined)).toBe(targets[1]);
  });

  it("never picks an unavailable or tried target", () => {
    const targets = poolTargets({ a: 1, b: 1, c: 1 });
    markDown(targets[0]!);
    const policy = createRandomTwo(targets);
    expect(Object.keys(tally(300, () => policy.select(context, [targets[2]!])))).toEqual(["b"]);
    expect(policy.select(context, [targets[1]!, targets[2]!])).toBeUndefined();
  });
});
