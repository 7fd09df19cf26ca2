import { describe, expect, it } from "vitest";
import { compileHostTls, hstsValue } from "./host-tls.ts";

describe("host TLS", () => {
  it("writes the HSTS value with only the options that are on", () => {
    expect(hstsValue({ maxAgeSeconds: 300, includeSubDomains: false, preload: false })).toBe("max-age=300");
    expect(hstsValue({ maxAgeSeconds: 63_072_000, includeSubDomains: true, preload: true })).toBe("max-age=63072000; includeSubDomains; preload");
  });

  it("never redirects or pins a host that has no certificate yet", () => {
    const hsts = { maxAgeSeconds: 300, includeSubDomains: true, preload: false };
    expect(compileHostTls({ certificateId: null, forceHttps: true, hsts })).toEqual({ forceHttps: false, hsts: undefined });
    expect(compileHostTls({ certificateId: "c1", forceHttps: true, hsts })).toEqual({ forceHttps: true, hsts: "max-age=300; includeSubDomains" });
    expect(compileHostTls({ certificateId: "c1", forceHttps: false, hsts: null })).toEqual({ forceHttps: false, hsts: undefined });
  });
});
