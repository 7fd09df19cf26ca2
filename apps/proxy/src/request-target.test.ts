import { describe, expect, it } from "vitest";
import { isAmbiguousPath, resolveRequestTarget } from "./request-target.ts";

describe("resolveRequestTarget", () => {
  it("routes an origin-form request by its Host and keeps the path and query verbatim", () => {
    expect(resolveRequestTarget("/a/b?x=%2F&y=../z", "App.test:8080")).toEqual({
      ok: true,
      authority: "App.test:8080",
      host: "app.test",
      path: "/a/b?x=%2F&y=../z",
    });
  });

  it("accepts an absolute-form target whose authority is the Host, after case and default ports", () => {
    expect(resolveRequestTarget("http://a.test/x?y", "A.test:80")).toEqual({ ok: true, authority: "a.test", host: "a.test", path: "/x?y" });
    expect(resolveRequestTarget("HTTPS://a.test:443?y", "a.test")).toMatchObject({ ok: true, path: "/?y" });
    expect(resolveRequestTarget("http://[::1]:8080/", "[::1]:8080")).toMatchObject({ ok: true, host: "[::1]" });
    // HTTP/1.0 without Host: the target's authority is all there is.
    expect(resolveRequestTarget("http://a.test/", undefined)).toMatchObject({ ok: true, host: "a.test" });
  });

  it("refuses an absolute-form target whose authority differs from Host", () => {
    expect(resolveRequestTarget("http://a.test/x", "b.test")).toEqual({ ok: false, code: "AMBIGUOUS_REQUEST" });
    expect(resolveRequestTarget("http://a.test:8080/x", "a.test")).toEqual({ ok: false, code: "AMBIGUOUS_REQUEST" });
    expect(resolveRequestTarget("https://a.test/x", "a.test:80")).toEqual({ ok: false, code: "AMBIGUOUS_REQUEST" });
  });

  it("refuses missing and malformed Host values: empty, spaces, userinfo, a path", () => {
    for (const host of [undefined, "", "a b.test", "user@a.test", "a.test/x", "a.test, b.test", "a.test:99999", "a.test:"]) {
      expect(resolveRequestTarget("/", host)).toEqual({ ok: false, code: "BAD_HOST" });
    }
    expect(resolveRequestTarget("http://user@a.test/", "a.test")).toEqual({ ok: false, code: "BAD_HOST" });
  });

  it("refuses asterisk-form, authority-form and other schemes", () => {
    for (const url of ["*", "a.test:443", "ftp://a.test/", "a/b"]) {
      expect(resolveRequestTarget(url, "a.test")).toEqual({ ok: false, code: "BAD_REQUEST_TARGET" });
    }
  });

  it("refuses paths a backend could normalize elsewhere, in origin and absolute form", () => {
    expect(resolveRequestTarget("/public/../admin", "a.test")).toEqual({ ok: false, code: "AMBIGUOUS_REQUEST" });
    expect(resolveRequestTarget("http://a.test/x/./y", "a.test")).toEqual({ ok: false, code: "AMBIGUOUS_REQUEST" });
  });
});

describe("isAmbiguousPath", () => {
  it("flags dot segments, also percent-encoded, backslashes, NUL and fragments", () => {
    for (const path of ["/..", "/a/..", "/./a", "/a/%2e%2E/b", "/a/.%2e", "/a%2f..%2fb", "/a\\b", "/a%5cb", "/a%00.php", "/a#b", "/a?x#y"]) {
      expect(isAmbiguousPath(path), path).toBe(true);
    }
  });

  it("passes ordinary paths, dotted names, encoded slashes inside names, and dots in the query", () => {
    for (const path of ["/", "/app.js", "/.well-known/acme-challenge/x", "/a/...", "/a..b/", "/group%2Fproject", "/%20x", "/x?p=/../a&q=\\"]) {
      expect(isAmbiguousPath(path), path).toBe(false);
    }
  });
});
