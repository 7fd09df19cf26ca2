import { describe, expect, it } from "vitest";
import { rateLimitAddress } from "./auth-client-ip.ts";

describe("rateLimitAddress", () => {
  it("takes the first valid address of the chain Next reports", () => {
    expect(rateLimitAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitAddress("203.0.113.7, 10.0.0.2")).toBe("203.0.113.7");
    expect(rateLimitAddress("::ffff:127.0.0.1")).toBe("::ffff:127.0.0.1");
    expect(rateLimitAddress("[2001:db8::1], 10.0.0.2")).toBe("2001:db8::1");
  });

  it("skips junk a client put in front, and gives up on a chain without any address", () => {
    expect(rateLimitAddress("unknown, 198.51.100.4")).toBe("198.51.100.4");
    expect(rateLimitAddress("nonsense")).toBeNull();
    expect(rateLimitAddress(null)).toBeNull();
  });
});
