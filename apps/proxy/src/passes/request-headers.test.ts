import { describe, expect, it } from "vitest";
import { compileHeaderPlan } from "./header-plan.ts";
import { upstreamRequestHeaders, type TForwardContext } from "./request-headers.ts";
import { compileTrustedProxies } from "./trusted-proxies.ts";

const noOptions = { requestHeaders: [], responseHeaders: [], hideServerHeaders: false };
const untrustingPlan = compileHeaderPlan(noOptions, compileTrustedProxies([]));
const trustingPlan = compileHeaderPlan(noOptions, compileTrustedProxies(["10.0.0.0/8"]));
const context: TForwardContext = { remoteAddress: "203.0.113.7", scheme: "http", authority: "App.test:8080", host: "App.test:8080" };

/** Flat list -> ordered pairs, for readable expectations. */
function pairs(flat: string[]): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (let i = 0; i < flat.length; i += 2) result.push([flat[i]!, flat[i + 1]!]);
  return result;
}

const OURS_UNTRUSTED: Array<[string, string]> = [
  ["X-Forwarded-For", "203.0.113.7"],
  ["X-Real-IP", "203.0.113.7"],
  ["X-Forwarded-Proto", "http"],
  ["X-Forwarded-Host", "App.test:8080"],
  ["X-Forwarded-Port", "8080"],
  ["Host", "App.test:8080"],
];

describe("upstreamRequestHeaders", () => {
  it("keeps end-to-end fields with their case, order and repeats, and adds ours", () => {
    const raw = ["Accept", "*/*", "Cookie", "a=1", "cookie", "b=2", "Content-Length", "5", "Host", "App.test:8080"];
    expect(pairs(upstreamRequestHeaders(raw, untrustingPlan, context))).toEqual([
      ...OURS_UNTRUSTED,
      ["Accept", "*/*"],
      ["Cookie", "a=1"],
      ["cookie", "b=2"],
      ["Content-Length", "5"],
    ]);
  });

  it("drops HTTP/2 pseudo-headers and joins split Cookie fields into one (RFC 9113 §8.2.3)", () => {
    const raw = [":method", "POST", ":authority", "App.test:8080", ":path", "/x", ":scheme", "https", "cookie", "a=1", "accept", "*/*", "cookie", "b=2"];
    const secure = { ...context, scheme: "https" as const };
    const out = pairs(upstreamRequestHeaders(raw, untrustingPlan, secure));
    expect(out.slice(-2)).toEqual([
      ["cookie", "a=1; b=2"],
      ["accept", "*/*"],
    ]);
    expect(out.filter(([name]) => name.startsWith(":"))).toEqual([]);
    expect(out).toContainEqual(["X-Forwarded-Proto", "https"]);
    expect(out).toContainEqual(["Host", "App.test:8080"]);
  });

  it("drops hop-by-hop fields, Expect, and what Connection nominates", () => {
    const raw = [
      "Connection", "keep-alive, X-Secret",
      "Connection", "x-other",
      "X-Secret", "1",
      "x-other", "2",
      "Keep-Alive", "timeout=5",
      "Transfer-Encoding", "chunked",
      "TE", "trailers",
      "Trailer", "X-Sum",
      "Upgrade", "h2c",
      "Proxy-Authorization", "Basic x",
      "Proxy-Connection", "keep-alive",
      "Expect", "100-continue",
      "X-Kept", "3",
    ];
    expect(pairs(upstreamRequestHeaders(raw, untrustingPlan, context))).toEqual([...OURS_UNTRUSTED, ["X-Kept", "3"]]);
  });

  it("puts the proxy's fields before the client's, so a flood of fields cannot push them past a backend's field limit", () => {
    const flood: string[] = [];
    for (let i = 0; i < 2000; i++) flood.push(`X-Pad-${i}`, "x");
    const out = pairs(upstreamRequestHeaders(flood, untrustingPlan, context));
    expect(out.slice(0, OURS_UNTRUSTED.length)).toEqual(OURS_UNTRUSTED);
    expect(out).toHaveLength(OURS_UNTRUSTED.length + 2000);
  });

  it("cannot be made to drop the fields the proxy sets through Connection", () => {
    const raw = ["Connection", "host, x-forwarded-for, x-real-ip", "Host", "App.test:8080"];
    expect(pairs(upstreamRequestHeaders(raw, untrustingPlan, context))).toEqual(OURS_UNTRUSTED);
  });

  it("replaces every forwarding claim of an untrusted peer", () => {
    const raw = [
      "X-Forwarded-For", "6.6.6.6",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "evil.test",
      "X-Forwarded-Port", "443",
      "X-Forwarded-Prefix", "/evil",
      "Forwarded", "for=6.6.6.6",
      "X-Real-IP", "6.6.6.6",
      "X-Forwardedish", "kept",
    ];
    expect(pairs(upstreamRequestHeaders(raw, untrustingPlan, context))).toEqual([...OURS_UNTRUSTED, ["X-Forwardedish", "kept"]]);
    // Being trusted is about the peer, not about what it claims.
    expect(pairs(upstreamRequestHeaders(raw, trustingPlan, context))).toEqual([...OURS_UNTRUSTED, ["X-Forwardedish", "kept"]]);
  });

  it("keeps a trusted peer's claims, appends it to X-Forwarded-For and finds the client behind it", () => {
    const raw = [
      "X-Forwarded-For", "6.6.6.6, 198.51.100.4",
      "x-forwarded-for", "10.1.1.1",
      "X-Forwarded-Proto", "https",
      "X-Forwarded-Host", "app.example.com",
      "X-Forwarded-Port", "443",
      "X-Forwarded-Prefix", "/app",
      "Forwarded", "for=198.51.100.4",
      "X-Real-IP", "6.6.6.6",
    ];
    const peer = { ...context, remoteAddress: "::ffff:10.0.0.1" };
    expect(pairs(upstreamRequestHeaders(raw, trustingPlan, peer))).toEqual([
      ["X-Forwarded-For", "6.6.6.6, 198.51.100.4, 10.1.1.1, 10.0.0.1"],
      ["X-Real-IP", "198.51.100.4"],
      ["X-Forwarded-Proto", "https"],
      ["X-Forwarded-Host", "app.example.com"],
      ["X-Forwarded-Port", "443"],
      ["Host", "App.test:8080"],
      ["X-Forwarded-Prefix", "/app"],
      ["Forwarded", "for=198.51.100.4"],
    ]);
  });

  it("fills in what a trusted peer left out", () => {
    const peer = { ...context, remoteAddress: "10.0.0.1", scheme: "https" as const, authority: "a.test" };
    expect(pairs(upstreamRequestHeaders([], trustingPlan, peer))).toEqual([
      ["X-Forwarded-For", "10.0.0.1"],
      ["X-Real-IP", "10.0.0.1"],
      ["X-Forwarded-Proto", "https"],
      ["X-Forwarded-Host", "a.test"],
      ["X-Forwarded-Port", "443"],
      ["Host", "App.test:8080"],
    ]);
  });

  it("sends the Host it is given (preserveHost off) and leaves out For and Real-IP without a peer", () => {
    const headers = upstreamRequestHeaders(["Host", "a.test"], untrustingPlan, { ...context, remoteAddress: undefined, host: "10.0.0.5:9000" });
    expect(pairs(headers)).toEqual([
      ["X-Forwarded-Proto", "http"],
      ["X-Forwarded-Host", "App.test:8080"],
      ["X-Forwarded-Port", "8080"],
      ["Host", "10.0.0.5:9000"],
    ]);
  });

  it("applies the host's custom request headers over incoming fields and over its own", () => {
    const plan = compileHeaderPlan(
      {
        ...noOptions,
        requestHeaders: [
          { name: "X-Tenant", value: "blue" },
          { name: "x-forwarded-proto", value: "https" },
          { name: "Host", value: "internal.test" },
        ],
      },
      compileTrustedProxies([]),
    );
    const headers = upstreamRequestHeaders(["X-Tenant", "red", "x-tenant", "green", "Accept", "*/*"], plan, context);
    expect(pairs(headers)).toEqual([
      ["X-Forwarded-For", "203.0.113.7"],
      ["X-Real-IP", "203.0.113.7"],
      ["X-Forwarded-Host", "App.test:8080"],
      ["X-Forwarded-Port", "8080"],
      ["X-Tenant", "blue"],
      ["x-forwarded-proto", "https"],
      ["Host", "internal.test"],
      ["Accept", "*/*"],
    ]);
  });
});
