import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddressOf, compileTrustedProxies, NO_TRUSTED_PROXIES, parseTrustedProxies, peerAddress, rewriteForwardingHeaders } from "./forwarded-headers.ts";

const forged = (): IncomingHttpHeaders => ({
  host: "admin.example.com",
  "x-forwarded-for": "198.51.100.1, 198.51.100.2",
  "x-forwarded-host": "evil.example",
  "x-forwarded-proto": "https",
  "x-forwarded-port": "443",
  "x-real-ip": "198.51.100.3",
  forwarded: "for=198.51.100.4",
});

describe("rewriteForwardingHeaders", () => {
  it("an untrusted peer's forged chain and forwarding headers are dropped: X-Forwarded-For is the peer alone", () => {
    const headers = forged();
    rewriteForwardingHeaders(headers, "127.0.0.1", NO_TRUSTED_PROXIES);
    expect(headers).toEqual({ host: "admin.example.com", "x-forwarded-for": "127.0.0.1" });
  });

  it("with trusted proxies configured, a peer outside them is still just the peer", () => {
    const headers = forged();
    rewriteForwardingHeaders(headers, "203.0.113.7", compileTrustedProxies(["10.0.0.0/8"]));
    expect(headers).toEqual({ host: "admin.example.com", "x-forwarded-for": "203.0.113.7" });
  });

  it("a trusted peer speaks for earlier hops: chain + peer, and its Host/Proto/Port stand", () => {
    const headers = forged();
    rewriteForwardingHeaders(headers, "10.0.0.5", compileTrustedProxies(["10.0.0.0/8"]));
    expect(headers).toEqual({ ...forged(), "x-forwarded-for": "198.51.100.1, 198.51.100.2, 10.0.0.5" });
    const fresh: IncomingHttpHeaders = { host: "a" };
    rewriteForwardingHeaders(fresh, "10.0.0.5", compileTrustedProxies(["10.0.0.5"]));
    expect(fresh["x-forwarded-for"]).toBe("10.0.0.5");
  });

  it("IPv6 peers, and IPv4-mapped peers written as IPv4 and matched by IPv4 rules", () => {
    const v6 = forged();
    rewriteForwardingHeaders(v6, "2001:db8::9", NO_TRUSTED_PROXIES);
    expect(v6["x-forwarded-for"]).toBe("2001:db8::9");
    const v6Trusted = forged();
    rewriteForwardingHeaders(v6Trusted, "fd00::1", compileTrustedProxies(["fd00::/8"]));
    expect(v6Trusted["x-forwarded-for"]).toBe("198.51.100.1, 198.51.100.2, fd00::1");

    const mapped = forged();
    rewriteForwardingHeaders(mapped, "::ffff:127.0.0.1", NO_TRUSTED_PROXIES);
    expect(mapped["x-forwarded-for"]).toBe("127.0.0.1");
    const mappedTrusted = forged();
    rewriteForwardingHeaders(mappedTrusted, "::ffff:10.1.2.3", compileTrustedProxies(["10.0.0.0/8"]));
    expect(mappedTrusted["x-forwarded-for"]).toBe("198.51.100.1, 198.51.100.2, 10.1.2.3");
    expect(mappedTrusted["x-forwarded-host"]).toBe("evil.example");
  });

  it("a socket without a peer address (already closed) leaves no X-Forwarded-For at all", () => {
    const headers = forged();
    rewriteForwardingHeaders(headers, undefined, compileTrustedProxies(["0.0.0.0/0"]));
    expect(headers["x-forwarded-for"]).toBeUndefined();
    expect(headers["x-forwarded-host"]).toBeUndefined();
  });
});

describe("clientAddressOf", () => {
  const trusted = compileTrustedProxies(["10.0.0.0/8", "fd00::/8"]);

  it("walks from the right past trusted hops to the first untrusted entry", () => {
    expect(clientAddressOf("127.0.0.1", NO_TRUSTED_PROXIES)).toBe("127.0.0.1");
    expect(clientAddressOf("198.51.100.1, 203.0.113.7, 10.0.0.5", trusted)).toBe("203.0.113.7");
    expect(clientAddressOf("198.51.100.1, 203.0.113.7, 10.0.0.6, 10.0.0.5", trusted)).toBe("203.0.113.7");
    expect(clientAddressOf("[2001:db8::1], fd00::2", trusted)).toBe("2001:db8::1");
    expect(clientAddressOf("::ffff:203.0.113.7, 10.0.0.5", trusted)).toBe("203.0.113.7");
  });

  it("falls back to the trusted hop that reported junk, and to the leftmost when all are trusted", () => {
    expect(clientAddressOf("unknown, 10.0.0.5", trusted)).toBe("10.0.0.5");
    expect(clientAddressOf("10.0.0.7, 10.0.0.5", trusted)).toBe("10.0.0.7");
    expect(clientAddressOf("nonsense", NO_TRUSTED_PROXIES)).toBeNull();
    expect(clientAddressOf(null, trusted)).toBeNull();
    expect(clientAddressOf(" , ", trusted)).toBeNull();
  });
});

describe("parseTrustedProxies and peerAddress", () => {
  it("validates every entry with the contract's CIDR rule; unset or empty trusts nobody", () => {
    expect(parseTrustedProxies(undefined)).toEqual([]);
    expect(parseTrustedProxies(" ")).toEqual([]);
    expect(parseTrustedProxies("10.0.0.0/8, 192.0.2.1,fd00::/8")).toEqual(["10.0.0.0/8", "192.0.2.1", "fd00::/8"]);
    expect(() => parseTrustedProxies("10.0.0.0/33,example.com")).toThrow(/GATEHOUSE_WEB_TRUSTED_PROXIES: .*0 to 32.*"example.com" is not an IP/);
  });

  it("writes IPv4-mapped IPv6 peers as IPv4, everything else as it is", () => {
    expect(peerAddress("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(peerAddress("::1")).toBe("::1");
    expect(peerAddress("::ffff:c000:201")).toBe("::ffff:c000:201");
    expect(peerAddress(undefined)).toBeUndefined();
  });
});
