import { describe, expect, it } from "vitest";
import { resolveRequestTarget } from "./request-target.ts";

describe("resolveRequestTarget", () => {
  it("routes an origin-form request by its Host and keeps the path and query verbatim", () => {
    expect(resolveRequestTarget("/a/../b?x=%2F", ["App.test:8080"])).toEqual({
      ok: true,
      authority: "App.test:8080",
      host: "app.test",
      path: "/a/../b?x=%2F",
    });
  });

  it("lets the authority of an absolute-form target win over Host (RFC 9112 §3.2.2)", () => {
    expect(resolveRequestTarget("http://a.test/x?y", ["b.test"])).toEqual({
      ok: true,
      authority: "a.test",
      host: "a.test",
      path: "/x?y",
    });
    expect(resolveRequestTarget("http://a.test?y", ["a.test"])).toMatchObject({ ok: true, path: "/?y" });
  });

  it("refuses missing, repeated and malformed Host fields", () => {
    expect(resolveRequestTarget("/", undefined)).toEqual({ ok: false, code: "BAD_HOST" });
    expect(resolveRequestTarget("/", ["a.test", "b.test"])).toEqual({ ok: false, code: "BAD_HOST" });
    expect(resolveRequestTarget("/", ["user@a.test"])).toEqual({ ok: false, code: "BAD_HOST" });
    expect(resolveRequestTarget("/", [""])).toEqual({ ok: false, code: "BAD_HOST" });
    expect(resolveRequestTarget("http://user@a.test/", ["a.test"])).toEqual({ ok: false, code: "BAD_HOST" });
  });

  it("refuses targets it cannot route", () => {
    expect(resolveRequestTarget("*", ["a.test"])).toEqual({ ok: false, code: "BAD_REQUEST_TARGET" });
    expect(resolveRequestTarget("a.test:443", ["a.test"])).toEqual({ ok: false, code: "BAD_REQUEST_TARGET" });
  });
});
