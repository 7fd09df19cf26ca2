import { describe, expect, it } from "vitest";
import { compileRouteTable } from "./route-table.ts";
import { findRoute, normalizeHost } from "./router.ts";
import { snapshot } from "../test/snapshots.ts";

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

describe("findRoute", () => {
  it("finds the route of an exact domain and nothing else", () => {
    const table = compileRouteTable(snapshot(1, { "a.test": "http://127.0.0.1:9001" }));
    expect(findRoute(table, "a.test")?.upstreamName).toBe("backend of a.test");
    expect(findRoute(table, "b.test")).toBeUndefined();
    expect(findRoute(table, "sub.a.test")).toBeUndefined();
  });
});
