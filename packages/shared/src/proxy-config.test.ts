import { describe, expect, it } from "vitest";
import { ZProxyConfig } from "./proxy-config.ts";

const base = {
  schemaVersion: 1,
  revision: 3,
  generatedAt: "2026-11-29T10:00:00.000Z",
  upstreams: [{ id: "u1", name: "app", targets: [{ url: "http://127.0.0.1:9001" }] }],
  hosts: [{ id: "h1", domains: ["app.example.test"], upstreamId: "u1" }],
};

describe("ZProxyConfig", () => {
  it("accepts a valid snapshot and fills target defaults", () => {
    const config = ZProxyConfig.parse(base);
    expect(config.upstreams[0]?.targets[0]).toEqual({ url: "http://127.0.0.1:9001", weight: 1 });
  });

  it("refuses an unknown schema version", () => {
    expect(ZProxyConfig.safeParse({ ...base, schemaVersion: 2 }).success).toBe(false);
  });

  it("refuses a host whose upstream is missing", () => {
    const result = ZProxyConfig.safeParse({ ...base, hosts: [{ ...base.hosts[0], upstreamId: "nope" }] });
    expect(result.error?.issues[0]?.message).toContain("not in the snapshot");
  });

  it("refuses a domain served by two hosts", () => {
    const hosts = [base.hosts[0], { id: "h2", domains: ["APP.example.test"], upstreamId: "u1" }];
    const result = ZProxyConfig.safeParse({ ...base, hosts });
    expect(result.error?.issues[0]?.message).toContain("appears in hosts h1 and h2");
  });

  it("refuses an upstream without targets and a non-http target", () => {
    expect(ZProxyConfig.safeParse({ ...base, upstreams: [{ id: "u1", name: "a", targets: [] }] }).success).toBe(false);
    const ftp = [{ id: "u1", name: "a", targets: [{ url: "ftp://x" }] }];
    expect(ZProxyConfig.safeParse({ ...base, upstreams: ftp }).success).toBe(false);
  });
});
