import { describe, expect, it } from "vitest";
import { PROXY_CONFIG_SCHEMA_VERSION, ZProxyConfig } from "./index.ts";

const base = {
  schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
  revision: 3,
  generatedAt: "2026-11-29T10:00:00.000Z",
  upstreams: [{ id: "u1", name: "app", targets: [{ url: "http://127.0.0.1:9001" }] }],
  hosts: [{ id: "h1", domains: ["app.example.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "u1" } }] }],
};

describe("ZProxyConfig", () => {
  it("accepts a minimal snapshot and fills every default", () => {
    const config = ZProxyConfig.parse(base);
    const upstream = config.upstreams[0]!;
    expect(upstream.targets[0]).toEqual({ url: "http://127.0.0.1:9001", weight: 1, backup: false });
    expect(upstream.policy).toBe("round-robin");
    expect(upstream.tls.verify).toBe(true);
    expect(upstream.timeouts.connectMs).toBe(5000);
    expect(upstream.healthCheck).toBeNull();
    expect(config.hosts[0]!.options.preserveHost).toBe(true);
    expect(config.settings.defaultSite).toEqual({ type: "not-found" });
    expect(config.settings.unknownSni).toBe("default-certificate");
    expect(config.hosts[0]!.tls).toEqual({ certificateId: null, forceHttps: false, hsts: null });
    expect(config.certificates).toEqual([]);
    expect(config.acmeChallenges).toEqual([]);
  });

  it("refuses a host whose certificate is not in the snapshot", () => {
    const hosts = [{ ...base.hosts[0], tls: { certificateId: "missing" } }];
    expect(ZProxyConfig.safeParse({ ...base, hosts }).error?.issues[0]?.message).toContain("certificate missing, which is not in the snapshot");
  });

  it("refuses an unknown schema version", () => {
    expect(ZProxyConfig.safeParse({ ...base, schemaVersion: 1 }).success).toBe(false);
    expect(ZProxyConfig.safeParse({ ...base, schemaVersion: 2 }).success).toBe(false);
  });

  it("refuses a location whose upstream is missing", () => {
    const hosts = [{ ...base.hosts[0], locations: [{ path: "/", action: { type: "proxy", upstreamId: "nope" } }] }];
    expect(ZProxyConfig.safeParse({ ...base, hosts }).error?.issues[0]?.message).toContain("not in the snapshot");
  });

  it("refuses a domain served by two hosts", () => {
    const hosts = [base.hosts[0], { ...base.hosts[0], id: "h2", domains: ["APP.example.test"] }];
    expect(ZProxyConfig.safeParse({ ...base, hosts }).error?.issues[0]?.message).toContain("appears in hosts h1 and h2");
  });

  it("accepts wildcard domains, redirects and fixed responses", () => {
    const hosts = [
      { id: "w", domains: ["*.example.test"], locations: [{ path: "/", action: { type: "respond", status: 200, body: "ok" } }] },
      { id: "r", domains: ["old.test"], locations: [{ path: "/", action: { type: "redirect", status: 308, to: "https://new.test" } }] },
    ];
    expect(ZProxyConfig.safeParse({ ...base, hosts }).success).toBe(true);
  });

  it("refuses header values that could split a response", () => {
    const hosts = [{ ...base.hosts[0], options: { responseHeaders: [{ name: "X-A", value: "a\r\nSet-Cookie: x=1" }] } }];
    expect(ZProxyConfig.safeParse({ ...base, hosts }).success).toBe(false);
  });

  it("refuses characters beyond Latin-1 in values written into a head (U+010D U+010A go out as CR LF)", () => {
    const split = "a\u010d\u010aSet-Cookie: x=1";
    const withOptions = (options: object) => [{ ...base.hosts[0], options }];
    const withAction = (action: object) => [{ ...base.hosts[0], locations: [{ path: "/", action }] }];
    for (const hosts of [
      withOptions({ responseHeaders: [{ name: "X-A", value: split }] }),
      withOptions({ requestHeaders: [{ name: "X-A", value: split }] }),
      withAction({ type: "respond", status: 200, contentType: `text/plain${split}` }),
      withAction({ type: "redirect", status: 301, to: `https://a.example.test/${split}` }),
    ]) {
      expect(ZProxyConfig.safeParse({ ...base, hosts }).success).toBe(false);
    }
    // Latin-1 itself (obs-text) stays allowed, as in Node.
    expect(ZProxyConfig.safeParse({ ...base, hosts: withOptions({ responseHeaders: [{ name: "X-A", value: "café" }] }) }).success).toBe(true);
  });

  it("refuses custom headers that frame the message or belong to the connection", () => {
    for (const name of ["Content-Length", "transfer-encoding", "Connection", "Upgrade", "TE"]) {
      const hosts = [{ ...base.hosts[0], options: { requestHeaders: [{ name, value: "x" }] } }];
      expect(ZProxyConfig.safeParse({ ...base, hosts }).success, name).toBe(false);
    }
    const hosts = [{ ...base.hosts[0], options: { responseHeaders: [{ name: "Strict-Transport-Security", value: "max-age=60" }] } }];
    expect(ZProxyConfig.safeParse({ ...base, hosts }).success).toBe(true);
  });

  it("refuses an upstream with only backup targets, and a non-http target", () => {
    const backups = [{ id: "u1", name: "a", targets: [{ url: "http://127.0.0.1:1", backup: true }] }];
    expect(ZProxyConfig.safeParse({ ...base, upstreams: backups }).success).toBe(false);
    const ftp = [{ id: "u1", name: "a", targets: [{ url: "ftp://x" }] }];
    expect(ZProxyConfig.safeParse({ ...base, upstreams: ftp }).success).toBe(false);
  });

  it("refuses bad trusted-proxy CIDRs and two locations with one path", () => {
    expect(ZProxyConfig.safeParse({ ...base, settings: { trustedProxies: ["10.0.0.0/33"] } }).success).toBe(false);
    const loc = { path: "/a", action: { type: "respond", status: 204 } };
    const hosts = [{ ...base.hosts[0], locations: [loc, loc] }];
    expect(ZProxyConfig.safeParse({ ...base, hosts }).success).toBe(false);
  });
});
