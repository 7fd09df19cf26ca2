import { describe, expect, it } from "vitest";
import { clientIpOf, userActor } from "./actor.ts";
import { compileTrustedProxies, NO_TRUSTED_PROXIES } from "./forwarded-headers.ts";

describe("clientIpOf", () => {
  it("is the rightmost X-Forwarded-For entry not from a trusted proxy", () => {
    expect(clientIpOf(new Headers({ "x-forwarded-for": "127.0.0.1" }), NO_TRUSTED_PROXIES)).toBe("127.0.0.1");
    expect(clientIpOf(new Headers({ "x-forwarded-for": " 203.0.113.9, 10.0.0.2 " }), NO_TRUSTED_PROXIES)).toBe("10.0.0.2");
    expect(clientIpOf(new Headers({ "x-forwarded-for": " 203.0.113.9, 10.0.0.2 " }), compileTrustedProxies(["10.0.0.0/8"]))).toBe("203.0.113.9");
  });

  it("is null when the request carries no address", () => {
    expect(clientIpOf(new Headers(), NO_TRUSTED_PROXIES)).toBeNull();
    expect(clientIpOf(new Headers({ "x-forwarded-for": "  " }), NO_TRUSTED_PROXIES)).toBeNull();
    expect(clientIpOf(new Headers({ "x-forwarded-for": "1".repeat(5000) }), NO_TRUSTED_PROXIES)).toBeNull();
  });

  it("reads the trusted proxies from GATEHOUSE_WEB_TRUSTED_PROXIES when not given (none by default)", () => {
    expect(clientIpOf(new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.2" }))).toBe("10.0.0.2");
  });
});

describe("userActor", () => {
  it("labels a user by name, else by email", () => {
    expect(userActor({ id: "u1", name: "Ada", email: "ada@example.com" }, "::1")).toEqual({ userId: "u1", tokenId: null, label: "Ada", ip: "::1" });
    expect(userActor({ id: "u1", name: " ", email: "ada@example.com" }, null).label).toBe("ada@example.com");
  });
});
