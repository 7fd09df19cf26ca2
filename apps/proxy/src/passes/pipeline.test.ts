import { describe, expect, it } from "vitest";
import { applyRequestPasses, applyResponsePasses, REQUEST_PASSES, RESPONSE_PASSES } from "./pipeline.ts";

describe("pass pipeline", () => {
  it("runs the request passes in a fixed, named order", () => {
    expect(REQUEST_PASSES.map((pass) => pass.name)).toEqual([
      "hop-by-hop",
      "expect",
      "drop-client-forwarding",
      "x-forwarded",
      "preserve-host",
    ]);
    expect(RESPONSE_PASSES.map((pass) => pass.name)).toEqual(["hop-by-hop"]);
  });

  it("cannot be tricked by Connection into dropping the fields the proxy sets", () => {
    const fields = applyRequestPasses(
      new Map([
        ["connection", ["host, x-forwarded-for"]],
        ["host", ["a.test"]],
        ["x-forwarded-for", ["6.6.6.6"]],
      ]),
      { clientAddress: "192.0.2.1", scheme: "http", host: "a.test" },
    );
    expect(Object.fromEntries(fields)).toEqual({
      host: ["a.test"],
      "x-forwarded-for": ["192.0.2.1"],
      "x-forwarded-proto": ["http"],
      "x-forwarded-host": ["a.test"],
    });
  });

  it("strips hop-by-hop fields from responses and keeps the rest", () => {
    const fields = applyResponsePasses(
      new Map([
        ["connection", ["x-internal"]],
        ["x-internal", ["1"]],
        ["transfer-encoding", ["chunked"]],
        ["set-cookie", ["a=1", "b=2"]],
      ]),
    );
    expect(Object.fromEntries(fields)).toEqual({ "set-cookie": ["a=1", "b=2"] });
  });
});
