import { describe, expect, it } from "vitest";
import { compileHeaderPlan } from "./header-plan.ts";
import { clientResponseHeaders, clientResponseHeadersRaw, clientUpgradeResponseHeaders } from "./response-headers.ts";
import { compileTrustedProxies } from "./trusted-proxies.ts";

const none = compileTrustedProxies([]);
const plain = compileHeaderPlan({ requestHeaders: [], responseHeaders: [], hideServerHeaders: false }, none);

const UPSTREAM = {
  connection: "keep-alive, X-Internal",
  "x-internal": "secret",
  "keep-alive": "timeout=5",
  "transfer-encoding": "chunked",
  "proxy-authenticate": "Basic",
  upgrade: "h2c",
  server: "nginx/1.2",
  "x-powered-by": "PHP/5",
  "set-cookie": ["a=1", "b=2"],
  "content-type": "text/plain",
};

describe("clientResponseHeaders", () => {
  it("strips hop-by-hop and Connection-nominated fields and keeps the rest with repeats", () => {
    expect(clientResponseHeaders(UPSTREAM, plain)).toEqual([
      "server", "nginx/1.2",
      "x-powered-by", "PHP/5",
      "set-cookie", "a=1",
      "set-cookie", "b=2",
      "content-type", "text/plain",
    ]);
  });

  it("adds the host's HSTS to its HTTPS plan only, replacing the backend's and a custom one", () => {
    const options = { requestHeaders: [], responseHeaders: [{ name: "Strict-Transport-Security", value: "max-age=1" }], hideServerHeaders: false };
    const upstream = { "strict-transport-security": "max-age=5", "content-type": "text/plain", "http2-settings": "AAMAAABkAAQAAP__" };
    const https = compileHeaderPlan(options, none, "max-age=63072000; includeSubDomains; preload");
    expect(clientResponseHeaders(upstream, https)).toEqual([
      "content-type", "text/plain",
      "Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload",
    ]);
    expect(clientResponseHeaders(upstream, compileHeaderPlan(options, none))).toEqual([
      "content-type", "text/plain",
      "Strict-Transport-Security", "max-age=1",
    ]);
  });

  it("honours nominations spread over repeated Connection fields", () => {
    const headers = { connection: ["x-a", "X-B"], "x-a": "1", "x-b": "2", "x-c": "3" };
    expect(clientResponseHeaders(headers, plain)).toEqual(["x-c", "3"]);
  });

  it("hides Server and X-Powered-By and sets the host's response headers over the upstream's", () => {
    const plan = compileHeaderPlan(
      {
        requestHeaders: [],
        responseHeaders: [
          { name: "Content-Type", value: "text/html" },
          { name: "Strict-Transport-Security", value: "max-age=63072000" },
        ],
        hideServerHeaders: true,
      },
      none,
    );
    expect(clientResponseHeaders(UPSTREAM, plan)).toEqual([
      "set-cookie", "a=1",
      "set-cookie", "b=2",
      "Content-Type", "text/html",
      "Strict-Transport-Security", "max-age=63072000",
    ]);
  });
});

describe("clientUpgradeResponseHeaders", () => {
  it("strips the same fields from a 101 and agrees to websocket only", () => {
    const headers = { upgrade: "WebSocket", connection: "Upgrade, X-Internal", "x-internal": "1", "sec-websocket-accept": "abc=", "keep-alive": "x" };
    expect(clientUpgradeResponseHeaders(headers, plain)).toEqual(["sec-websocket-accept", "abc=", "Connection", "Upgrade", "Upgrade", "websocket"]);
  });
});

describe("clientResponseHeadersRaw", () => {
  /** undici's raw head: names as the backend spelled them, one entry per field line. */
  const raw = (fields: Array<[string, string]>) => fields.flatMap(([name, value]) => [Buffer.from(name, "latin1"), Buffer.from(value, "latin1")]);

  it("applies the same passes as clientResponseHeaders, keeping the backend's spelling and order", () => {
    const head = raw([
      ["Connection", "keep-alive, X-Internal"],
      ["X-Internal", "secret"],
      ["Keep-Alive", "timeout=5"],
      ["Transfer-Encoding", "chunked"],
      ["Server", "nginx/1.2"],
      ["Set-Cookie", "a=1"],
      ["Set-Cookie", "b=2"],
      ["Content-Type", "text/plain"],
    ]);
    expect(clientResponseHeadersRaw(head, plain)).toEqual(["Server", "nginx/1.2", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "Content-Type", "text/plain"]);
    const hiding = compileHeaderPlan(
      { requestHeaders: [], responseHeaders: [{ name: "Content-Type", value: "text/html" }], hideServerHeaders: true },
      none,
    );
    expect(clientResponseHeadersRaw(head, hiding)).toEqual(["Set-Cookie", "a=1", "Set-Cookie", "b=2", "Content-Type", "text/html"]);
  });
});
