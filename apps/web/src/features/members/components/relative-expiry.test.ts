import { describe, expect, it } from "vitest";
import { relativeExpiry } from "./relative-expiry.ts";

const now = new Date("2026-11-29T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const HOUR = 3_600_000;

describe("relativeExpiry", () => {
  it("says how long a link still works, in the largest whole unit", () => {
    expect(relativeExpiry(at(7 * 24 * HOUR - 1000), now)).toBe("in 7 days");
    expect(relativeExpiry(at(6 * 24 * HOUR + 2 * HOUR), now)).toBe("in 6 days");
    expect(relativeExpiry(at(24 * HOUR), now)).toBe("in 1 day");
    expect(relativeExpiry(at(5 * HOUR), now)).toBe("in 5 hours");
    expect(relativeExpiry(at(10_000), now)).toBe("in 1 minute");
  });

  it("says since when an expired link stopped working", () => {
    expect(relativeExpiry(at(-2 * 24 * HOUR), now)).toBe("2 days ago");
    expect(relativeExpiry(at(-HOUR), now)).toBe("1 hour ago");
    expect(relativeExpiry(now, now)).toBe("1 minute ago");
  });
});
