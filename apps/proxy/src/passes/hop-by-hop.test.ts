import { describe, expect, it } from "vitest";
import type { THeaderFields } from "./header-fields.ts";
import { HOP_BY_HOP_HEADERS, hopByHopPass } from "./hop-by-hop.ts";

function fields(entries: Record<string, string[]>): THeaderFields {
  return new Map(Object.entries(entries));
}

describe("hop-by-hop pass", () => {
  it("removes every hop-by-hop field", () => {
    const input = fields(Object.fromEntries([...HOP_BY_HOP_HEADERS].map((name) => [name, ["x"]])));
    input.set("accept", ["*/*"]);
    hopByHopPass.apply(input);
    expect([...input.keys()]).toEqual(["accept"]);
  });

  it("removes the fields Connection nominates, across repeated Connection fields and any case", () => {
    const input = fields({
      connection: ["keep-alive, X-Secret", " x-other ,,"],
      "x-secret": ["1"],
      "x-other": ["2"],
      "x-kept": ["3"],
    });
    hopByHopPass.apply(input);
    expect(Object.fromEntries(input)).toEqual({ "x-kept": ["3"] });
  });

  it("leaves end-to-end fields and their repeats untouched", () => {
    const input = fields({ "set-cookie": ["a=1", "b=2"], "content-length": ["5"] });
    hopByHopPass.apply(input);
    expect(Object.fromEntries(input)).toEqual({ "set-cookie": ["a=1", "b=2"], "content-length": ["5"] });
  });
});
