import { describe, expect, it } from "vitest";
import { createWeightedRoundRobin } from "./weighted-round-robin.ts";

describe("weighted round robin", () => {
  it("always picks a single target", () => {
    const pick = createWeightedRoundRobin([{ url: "http://a", weight: 3 }]);
    expect([pick(), pick()]).toEqual(["http://a", "http://a"]);
  });

  it("alternates equal targets", () => {
    const pick = createWeightedRoundRobin([
      { url: "http://a", weight: 1 },
      { url: "http://b", weight: 1 },
    ]);
    expect([pick(), pick(), pick(), pick()]).toEqual(["http://a", "http://b", "http://a", "http://b"]);
  });

  it("honours weights and spreads the heavy target out (nginx smooth WRR)", () => {
    const pick = createWeightedRoundRobin([
      { url: "http://a", weight: 5 },
      { url: "http://b", weight: 1 },
      { url: "http://c", weight: 1 },
    ]);
    const picks = Array.from({ length: 7 }, () => pick().slice("http://".length));
    expect(picks.join("")).toBe("aabacaa");
  });
});
