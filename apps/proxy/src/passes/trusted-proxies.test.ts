import { describe, expect, it } from "vitest";
import { compileTrustedProxies } from "./trusted-proxies.ts";

describe("compileTrustedProxies", () => {
  it("trusts nobody when no CIDR is configured", () => {
    const trusted = compileTrustedProxies([]);
    expect(trusted.none).toBe(true);
    expect(trusted.trusts("127.0.0.1")).toBe(false);
  });

  it("matches IPv4 ranges, including their IPv4-mapped IPv6 spellings", () => {
    const trusted = compileTrustedProxies(["10.0.0.0/8", "192.168.1.7"]);
    expect(trusted.none).toBe(false);
    expect(trusted.trusts("10.255.0.1")).toBe(true);
    expect(trusted.trusts("::ffff:10.1.2.3")).toBe(true);
    expect(trusted.trusts("::ffff:a01:203")).toBe(true);
    expect(trusted.trusts("192.168.1.7")).toBe(true);
    expect(trusted.trusts("192.168.1.8")).toBe(false);
    expect(trusted.trusts("11.0.0.1")).toBe(false);
  });

  it("matches IPv6 ranges and ignores a zone id", () => {
    const trusted = compileTrustedProxies(["fd00::/8", "fe80::1"]);
    expect(trusted.trusts("fd12:3456::1")).toBe(true);
    expect(trusted.trusts("FD00::1")).toBe(true);
    expect(trusted.trusts("fe80::1%eth0")).toBe(true);
    expect(trusted.trusts("fe80::2")).toBe(false);
    expect(trusted.trusts("2001:db8::1")).toBe(false);
  });

  it("lets an IPv4-mapped IPv6 range cover plain IPv4 peers", () => {
    expect(compileTrustedProxies(["::ffff:0:0/96"]).trusts("203.0.113.9")).toBe(true);
  });

  it("covers everything with /0 and treats prefix edges exactly", () => {
    expect(compileTrustedProxies(["0.0.0.0/0"]).trusts("8.8.8.8")).toBe(true);
    const slash31 = compileTrustedProxies(["10.0.0.2/31"]);
    expect([slash31.trusts("10.0.0.1"), slash31.trusts("10.0.0.2"), slash31.trusts("10.0.0.3"), slash31.trusts("10.0.0.4")]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it("never trusts something that is not an address, or a missing one", () => {
    const trusted = compileTrustedProxies(["0.0.0.0/0", "::/0"]);
    expect(trusted.trusts("unknown")).toBe(false);
    expect(trusted.trusts("")).toBe(false);
    expect(trusted.trusts("10.0.0.1:80")).toBe(false);
    expect(trusted.trusts(undefined)).toBe(false);
  });

  it("gives the same answers after its memo fills up", () => {
    const trusted = compileTrustedProxies(["10.0.0.0/16"]);
    for (let i = 0; i < 5000; i += 1) trusted.trusts(`10.${(i >> 8) & 255}.${i & 255}.1`);
    expect(trusted.trusts("10.0.3.1")).toBe(true);
    expect(trusted.trusts("10.1.3.1")).toBe(false);
  });
});
