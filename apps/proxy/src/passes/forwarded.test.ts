import { describe, expect, it } from "vitest";
import { forwardedFor, peerAddress, realClientAddress } from "./forwarded.ts";
import { compileTrustedProxies } from "./trusted-proxies.ts";

const trusted = compileTrustedProxies(["10.0.0.0/8", "fd00::/8"]);

describe("forwardedFor", () => {
  it("appends the peer to a trusted peer's chain", () => {
    expect(forwardedFor("203.0.113.7, 10.0.0.2", "10.0.0.1", true)).toBe("203.0.113.7, 10.0.0.2, 10.0.0.1");
  });

  it("replaces an untrusted peer's chain with the peer", () => {
    expect(forwardedFor("6.6.6.6", "203.0.113.7", false)).toBe("203.0.113.7");
    expect(forwardedFor(undefined, "10.0.0.1", true)).toBe("10.0.0.1");
  });
});

describe("realClientAddress", () => {
  it("is the peer when the peer is not trusted, whatever the chain says", () => {
    expect(realClientAddress("6.6.6.6", "203.0.113.7", false, trusted)).toBe("203.0.113.7");
  });

  it("is the rightmost untrusted address behind trusted proxies", () => {
    expect(realClientAddress("6.6.6.6, 203.0.113.7, 10.0.0.9", "10.0.0.1", true, trusted)).toBe("203.0.113.7");
    expect(realClientAddress("2001:db8::1,fd00::2", "fd00::1", true, trusted)).toBe("2001:db8::1");
  });

  it("is the leftmost entry when every hop is trusted, and the peer when there is no chain", () => {
    expect(realClientAddress("10.0.0.3, 10.0.0.2", "10.0.0.1", true, trusted)).toBe("10.0.0.3");
    expect(realClientAddress(undefined, "10.0.0.1", true, trusted)).toBe("10.0.0.1");
    expect(realClientAddress(" , ", "10.0.0.1", true, trusted)).toBe("10.0.0.1");
  });
});

describe("peerAddress", () => {
  it("writes IPv4-mapped IPv6 peers as IPv4 and leaves others alone", () => {
    expect(peerAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(peerAddress("::1")).toBe("::1");
    expect(peerAddress("192.0.2.1")).toBe("192.0.2.1");
    expect(peerAddress(undefined)).toBeUndefined();
  });
});
