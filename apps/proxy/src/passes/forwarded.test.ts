import { describe, expect, it } from "vitest";
import { dropClientForwardingPass, xForwardedPass } from "./forwarded.ts";
import type { TForwardContext } from "./header-pass.ts";

const context: TForwardContext = { clientAddress: "203.0.113.7", scheme: "http", host: "App.example.com:8080" };

describe("drop-client-forwarding pass", () => {
  it("drops every client-supplied forwarding claim", () => {
    const fields = new Map([
      ["x-forwarded-for", ["6.6.6.6"]],
      ["x-forwarded-proto", ["https"]],
      ["x-forwarded-host", ["evil.test"]],
      ["x-forwarded-port", ["443"]],
      ["forwarded", ["for=6.6.6.6"]],
      ["x-real-ip", ["6.6.6.6"]],
      ["x-forwardedish", ["kept: not a forwarding field"]],
    ]);
    dropClientForwardingPass.apply(fields, context);
    expect([...fields.keys()]).toEqual(["x-forwardedish"]);
  });
});

describe("x-forwarded pass", () => {
  it("sets For, Proto and Host from the connection and the request", () => {
    const fields = new Map<string, string[]>();
    xForwardedPass.apply(fields, context);
    expect(Object.fromEntries(fields)).toEqual({
      "x-forwarded-for": ["203.0.113.7"],
      "x-forwarded-proto": ["http"],
      "x-forwarded-host": ["App.example.com:8080"],
    });
  });

  it("leaves X-Forwarded-For out when the socket address is gone", () => {
    const fields = new Map<string, string[]>();
    xForwardedPass.apply(fields, { ...context, clientAddress: undefined });
    expect(fields.has("x-forwarded-for")).toBe(false);
  });
});
