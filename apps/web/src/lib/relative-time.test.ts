import { describe, expect, it } from "vitest";
import { relativeTime } from "./relative-time.ts";

const now = new Date("2026-11-29T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const HOUR = 3_600_000;

describe("relativeTime", () => {
  it("says how long a link still works, in the largest whole unit", () => {
    expect(relativeTime(at(7 * 24 * HOUR - 1000), now)).toBe("in 7 days");
    expect(relativeTime(at(6 * 24 * HOUR + 2 * HOUR), now)).toBe("in 6 days");
    expect(relativeTime(at(24 * HOUR), now)).toBe("in 1 day");
    expect(relativeTime(at(5 * HOUR), now)).toBe("in 5 hours");
    expect(relativeTime(at(90_000), now)).toBe("in 2 minutes");
    expect(relativeTime(at(10_000), now)).toBe("in under a minute");
  });

  it("says since when an expired link stopped working", () => {
    expect(relativeTime(at(-2 * 24 * HOUR), now)).toBe("2 days ago");
    expect(relativeTime(at(-HOUR), now)).toBe("1 hour ago");
    expect(relativeTime(at(-60_000), now)).toBe("1 minute ago");
    expect(relativeTime(now, now)).toBe("just now");
  });
});
