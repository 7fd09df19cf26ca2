import { afterAll, describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { snapshotOf } from "../test/snapshots.ts";
import { compileRouteTable } from "./route-table.ts";
import { findHost, findLocation, normalizeHost, routingPath, stripPathPrefix, type TRouteHost } from "./router.ts";
import { SecureContextCache } from "./tls/certificate-store.ts";
import { UpstreamRuntime } from "./upstream/upstream-runtime.ts";

const runtime = new UpstreamRuntime(captureLogs().logger);
afterAll(() => runtime.close());

describe("normalizeHost", () => {
  it.each([
    ["example.com", "example.com"],
    ["Example.COM", "example.com"],
    ["example.com:8080", "example.com"],
    ["example.com.", "example.com"],
    ["EXAMPLE.com.:443", "example.com"],
    ["127.0.0.1:80", "127.0.0.1"],
    ["[::1]:8080", "[::1]"],
    ["[2001:DB8::1]", "[2001:db8::1]"],
  ])("%s -> %s", (input, expected) => {
    expect(normalizeHost(input)).toBe(expected);
  });

  it.each(["", ".", ":80", "user@example.com", "example.com/path", "exa mple.com", "example.com:99999", "example.com:", "<script>"])(
    "refuses %j",
    (input) => {
      expect(normalizeHost(input)).toBeUndefined();
    },
  );
});

function respondHost(id: string, domains: string[], paths: string[] = ["/"]) {
  return { id, domains, locations: paths.map((path) => ({ path, action: { type: "respond" as const, status: 200, body: `${id} ${path}` } })) };
}

function tableOf(hosts: ReturnType<typeof respondHost>[]) {
  return compileRouteTable(snapshotOf(1, { hosts, upstreams: [] }), runtime, new SecureContextCache(captureLogs().logger));
}

describe("findHost", () => {
  const table = tableOf([
    respondHost("exact", ["a.example.com"]),
    respondHost("wild", ["*.example.com"]),
    respondHost("apex", ["example.com"]),
  ]);

  it("prefers an exact name over a wildcard that also matches", () => {
    expect(findHost(table.hosts, "a.example.com")?.id).toBe("exact");
    expect(findHost(table.hosts, "b.example.com")?.id).toBe("wild");
    expect(findHost(table.hosts, "example.com")?.id).toBe("apex");
  });

  it("matches a wildcard on exactly one label", () => {
    expect(findHost(table.hosts, "x.y.example.com")).toBeUndefined();
    expect(findHost(table.hosts, "example.org")).toBeUndefined();
    expect(findHost(table.hosts, "[::1]")).toBeUndefined();
  });

  it("compiles 10,000 hosts and finds each by a map lookup", () => {
    const hosts = Array.from({ length: 10_000 }, (_, i) => respondHost(`h${i}`, [`site-${i}.example.net`, `*.tenant-${i}.example.net`]));
    const big = tableOf(hosts);
    expect(big.hosts.exact.size).toBe(10_000);
    expect(big.hosts.wildcard.size).toBe(10_000);
    for (const i of [0, 1, 4_999, 9_999]) {
      expect(findHost(big.hosts, `site-${i}.example.net`)?.id).toBe(`h${i}`);
      expect(findHost(big.hosts, `app.tenant-${i}.example.net`)?.id).toBe(`h${i}`);
    }
    expect(findHost(big.hosts, "site-10000.example.net")).toBeUndefined();
  });
});

describe("findLocation", () => {
  const table = tableOf([respondHost("h", ["h.test"], ["/", "/api", "/api/v2", "/static/", "/a b"].filter((p) => !p.includes(" ")))]);
  const host = findHost(table.hosts, "h.test") as TRouteHost;
  const prefixFor = (path: string) => findLocation(host, routingPath(path))?.prefix;

  it("picks the longest prefix that ends on a segment boundary", () => {
    expect(prefixFor("/api")).toBe("/api");
    expect(prefixFor("/api/")).toBe("/api");
    expect(prefixFor("/api/users")).toBe("/api");
    expect(prefixFor("/api?x=1")).toBe("/api");
    expect(prefixFor("/apix")).toBe("/");
    expect(prefixFor("/api/v2")).toBe("/api/v2");
    expect(prefixFor("/api/v2/x?y")).toBe("/api/v2");
    expect(prefixFor("/api/v20")).toBe("/api");
    expect(prefixFor("/static/app.js")).toBe("/static/");
    expect(prefixFor("/static")).toBe("/");
    expect(prefixFor("/")).toBe("/");
  });

  it("matches percent-encoded letters as the letters a backend would decode them to", () => {
    expect(prefixFor("/%61pi/v%32")).toBe("/api/v2");
    expect(routingPath("/%61pi?q=%61")).toBe("/api?q=%61");
    expect(routingPath("/a%2Fb%20c")).toBe("/a%2Fb%20c");
  });

  it("finds nothing when no location covers the path", () => {
    const only = findHost(tableOf([respondHost("o", ["o.test"], ["/api"])]).hosts, "o.test")!;
    expect(findLocation(only, "/other")).toBeUndefined();
  });
});

describe("stripPathPrefix", () => {
  it.each([
    ["/api/users?x=1", "/api", "/users?x=1"],
    ["/api", "/api", "/"],
    ["/api?x", "/api", "/?x"],
    ["/api/", "/api", "/"],
  ])("%s without %s is %s", (path, prefix, expected) => {
    expect(stripPathPrefix(path, prefix)).toBe(expected);
  });
});
