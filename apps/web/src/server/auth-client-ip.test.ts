import { describe, expect, it } from "vitest";
import { clientIpOf } from "./actor.ts";
import { rateLimitAddress } from "./auth-client-ip.ts";
import { compileTrustedProxies, NO_TRUSTED_PROXIES } from "./forwarded-headers.ts";

describe("rateLimitAddress", () => {
  it("counts against the one address clientIpOf resolved", () => {
    expect(rateLimitAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(rateLimitAddress("[2001:db8::1]")).toBe("2001:db8::1");
  });

  it("gives up on anything that is not one address", () => {
    expect(rateLimitAddress("203.0.113.7, 10.0.0.2")).toBeNull();
    expect(rateLimitAddress("nonsense")).toBeNull();
    expect(rateLimitAddress(null)).toBeNull();
  });

  it("is the peer, not a client's claim, for a chain the web server built (no trusted proxies)", () => {
    // A direct client that sent X-Forwarded-For: 198.51.100.1 arrives as just its peer; should a
    // chain still carry a claim (e.g. `next start` run by hand), the rightmost entry wins.
    const forged = new Headers({ "x-forwarded-for": "198.51.100.1, 127.0.0.1" });
    expect(rateLimitAddress(clientIpOf(forged, NO_TRUSTED_PROXIES))).toBe("127.0.0.1");
    const behindProxy = new Headers({ "x-forwarded-for": "198.51.100.1, 203.0.113.7, 10.0.0.5" });
    expect(rateLimitAddress(clientIpOf(behindProxy, compileTrustedProxies(["10.0.0.0/8"])))).toBe("203.0.113.7");
  });
});
