import { describe, expect, it } from "vitest";
import { certificateExpiry, formatUtc, formatUtcSeconds } from "./certificate-dates.ts";

const NOW = new Date("2026-11-29T12:00:00Z");
const inDays = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

describe("certificateExpiry", () => {
  it("counts whole days left, and turns amber in the last two weeks", () => {
    expect(certificateExpiry(inDays(23.5), NOW)).toEqual({ text: "in 23 days", tone: "green", expired: false });
    expect(certificateExpiry(inDays(13), NOW)).toEqual({ text: "in 13 days", tone: "amber", expired: false });
    expect(certificateExpiry(inDays(1.2), NOW)).toEqual({ text: "in 1 day", tone: "amber", expired: false });
    expect(certificateExpiry(inDays(0.5), NOW)).toEqual({ text: "within a day", tone: "amber", expired: false });
  });

  it("says expired from the last valid moment on, and 'not issued yet' without a certificate", () => {
    expect(certificateExpiry(NOW, NOW)).toEqual({ text: "expired", tone: "red", expired: true });
    expect(certificateExpiry(inDays(-40), NOW)).toEqual({ text: "expired", tone: "red", expired: true });
    expect(certificateExpiry(null, NOW)).toEqual({ text: "Not issued yet", tone: "grey", expired: false });
  });

  it("formats dates in UTC to the minute", () => {
    expect(formatUtc(new Date("2027-02-27T08:05:59Z"))).toBe("2027-02-27 08:05 UTC");
    expect(formatUtcSeconds(new Date("2027-02-27T08:05:59.900Z"))).toBe("2027-02-27 08:05:59");
  });
});
