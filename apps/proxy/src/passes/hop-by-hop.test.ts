import { describe, expect, it } from "vitest";
import { addConnectionTokens, removeNominatedFields } from "./hop-by-hop.ts";

describe("addConnectionTokens", () => {
  it("allocates nothing for the usual values", () => {
    for (const value of ["keep-alive", "Keep-Alive", "close", "Upgrade"]) expect(addConnectionTokens(value, undefined)).toBeUndefined();
  });

  it("collects nominated names lower-cased, across fields, skipping empties and hop-by-hop names", () => {
    let tokens = addConnectionTokens("keep-alive, X-Secret", undefined);
    tokens = addConnectionTokens(" x-other ,,TE, close", tokens);
    expect(tokens).toEqual(["x-secret", "x-other"]);
  });
});

describe("removeNominatedFields", () => {
  it("drops the nominated fields in any case and keeps the order and repeats of the rest", () => {
    const flat = ["X-Secret", "1", "Set-Cookie", "a=1", "x-SECRET", "2", "Set-Cookie", "b=2", "X-Other", "3"];
    removeNominatedFields(flat, ["x-secret", "x-other"]);
    expect(flat).toEqual(["Set-Cookie", "a=1", "Set-Cookie", "b=2"]);
  });
});
