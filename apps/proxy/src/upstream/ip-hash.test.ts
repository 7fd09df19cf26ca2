import { describe, expect, it } from "vitest";
import { markDown, poolTargets } from "../../test/pool-targets.ts";
import { createIpHash } from "./ip-hash.ts";
import type { TPoolTarget, TSelectContext } from "./selection-policy.ts";

const clients = Array.from({ length: 10_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);

function assignment(targets: TPoolTarget[]): string[] {
  const policy = createIpHash(targets);
  return clients.map((clientAddress) => policy.select({ clientAddress, cookies: undefined } satisfies TSelectContext, undefined)!.url);
}

describe("ip hash (consistent hashing)", () => {
  it("sends a client to the same target every time, and spreads clients by weight", () => {
    const targets = poolTargets({ a: 1, b: 1, c: 2 });
    const first = assignment(targets);
    expect(assignment(targets)).toEqual(first);
    const share = (url: string) => first.filter((u) => u === url).length / clients.length;
    expect(share("http://a")).toBeGreaterThan(0.15);
    expect(share("http://a")).toBeLessThan(0.35);
    expect(share("http://c")).toBeGreaterThan(0.4);
    expect(share("http://c")).toBeLessThan(0.6);
  });

  it("moves only about 1/N of clients when a target is added, all of them to the new target", () => {
    const before = assignment(poolTargets({ a: 1, b: 1, c: 1, d: 1 }));
    const after = assignment(poolTargets({ a: 1, b: 1, c: 1, d: 1, e: 1 }));
    const moved = clients.filter((_, i) => before[i] !== after[i]);
    expect(moved.length / clients.length).toBeGreaterThan(0.1);
    expect(moved.length / clients.length).toBeLessThan(0.3);
    expect(new Set(moved.map((client) => after[clients.indexOf(client)]))).toEqual(new Set(["http://e"]));
  });

  it("moves only the clients of a target that goes down", () => {
    const targets = poolTargets({ a: 1, b: 1, c: 1 });
    const before = assignment(targets);
    markDown(targets[1]!);
    const after = assignment(targets);
    clients.forEach((_, i) => {
      if (before[i] !== "http://b") expect(after[i]).toBe(before[i]);
      else expect(after[i]).not.toBe("http://b");
    });
  });
});
