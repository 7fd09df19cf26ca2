import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, startEchoBackend, type TEcho, type TTestBackend } from "../test/backends.ts";
import { startEdgeProxy, type TEdgeProxy } from "../test/edge-harness.ts";
import { snapshotOf } from "../test/snapshots.ts";

// Every 127/8 address is loopback on Linux: connecting from 127.0.0.2 makes the proxy see a peer
// that is in trustedProxies, from 127.0.0.1 one that is not, through the same proxy.
const TRUSTED_PEER = "127.0.0.2";
const UNTRUSTED_PEER = "127.0.0.1";

function requestFrom(
  localAddress: string,
  port: number,
  headers: OutgoingHttpHeaders,
  path = "/",
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, localAddress, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("forwarding headers and per-host header edits", () => {
  let echo: TTestBackend;
  let raw: TTestBackend;
  let edge: TEdgeProxy;

  beforeAll(async () => {
    echo = await startEchoBackend("echo");
    // Answers with fields a backend may leak: its software, and a field it marks hop-by-hop.
    raw = await startBackend((_req, res) => {
      res.writeHead(200, [
        "Server", "Apache/2.4.1",
        "X-Powered-By", "PHP/5.6",
        "Connection", "X-Internal",
        "X-Internal", "backend-secret",
        "Content-Type", "text/plain",
        "X-Frame-Options", "ALLOW",
      ]);
      res.end("ok");
    });
    edge = await startEdgeProxy(
      snapshotOf(1, {
        settings: { trustedProxies: [`${TRUSTED_PEER}/32`, "10.0.0.0/8"] },
        upstreams: [
          { id: "echo", name: "echo", targets: [{ url: echo.origin }] },
          { id: "raw", name: "raw", targets: [{ url: raw.origin }] },
        ],
        hosts: [
          { id: "app", domains: ["app.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "echo" } }] },
          {
            id: "edited",
            domains: ["edited.test"],
            locations: [{ path: "/", action: { type: "proxy", upstreamId: "echo" } }],
            options: { preserveHost: false, requestHeaders: [{ name: "X-Tenant", value: "blue" }] },
          },
          {
            id: "hidden",
            domains: ["hidden.test"],
            locations: [{ path: "/", action: { type: "proxy", upstreamId: "raw" } }],
            options: { hideServerHeaders: true, responseHeaders: [{ name: "X-Frame-Options", value: "DENY" }] },
          },
        ],
      }),
    );
  });

  afterAll(async () => {
    await edge?.close();
    await Promise.all([echo?.close(), raw?.close()]);
  });

  it("replaces the forwarding claims of a peer that is not trusted", async () => {
    const response = await requestFrom(UNTRUSTED_PEER, edge.port, {
      host: "app.test",
      "x-forwarded-for": "6.6.6.6",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.test",
      "x-forwarded-port": "443",
      "x-real-ip": "6.6.6.6",
      forwarded: "for=6.6.6.6",
    });
    const seen = (JSON.parse(response.body) as TEcho).headers;
    expect(seen).toMatchObject({
      "x-forwarded-for": UNTRUSTED_PEER,
      "x-real-ip": UNTRUSTED_PEER,
      "x-forwarded-proto": "http",
      "x-forwarded-host": "app.test",
      "x-forwarded-port": "80",
    });
    expect(seen.forwarded).toBeUndefined();
  });

  it("keeps a trusted peer's claims, appends the peer, and finds the client behind the trusted hops", async () => {
    const response = await requestFrom(TRUSTED_PEER, edge.port, {
      host: "app.test:8443",
      "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.1.2.3",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "app.example.com",
      "x-forwarded-port": "443",
      "x-real-ip": "6.6.6.6",
    });
    const seen = (JSON.parse(response.body) as TEcho).headers;
    expect(seen).toMatchObject({
      host: "app.test:8443",
      "x-forwarded-for": `6.6.6.6, 203.0.113.9, 10.1.2.3, ${TRUSTED_PEER}`,
      "x-real-ip": "203.0.113.9",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "app.example.com",
      "x-forwarded-port": "443",
    });
  });

  it("fills in what a trusted peer did not say", async () => {
    const response = await requestFrom(TRUSTED_PEER, edge.port, { host: "app.test:8443" });
    expect((JSON.parse(response.body) as TEcho).headers).toMatchObject({
      "x-forwarded-for": TRUSTED_PEER,
      "x-real-ip": TRUSTED_PEER,
      "x-forwarded-proto": "http",
      "x-forwarded-host": "app.test:8443",
      "x-forwarded-port": "8443",
    });
  });

  it("strips hop-by-hop and Connection-listed request fields", async () => {
    const response = await requestFrom(UNTRUSTED_PEER, edge.port, {
      host: "app.test",
      connection: "keep-alive, X-Hop",
      "x-hop": "1",
      "keep-alive": "timeout=5",
      te: "trailers",
      "proxy-authorization": "Basic eDp5",
      "x-end-to-end": "kept",
    });
    const seen = (JSON.parse(response.body) as TEcho).headers;
    expect(seen["x-end-to-end"]).toBe("kept");
    for (const name of ["x-hop", "keep-alive", "te", "proxy-authorization"]) expect(seen[name]).toBeUndefined();
  });

  it("sends the target's own Host when the host does not preserve it, and the host's request headers", async () => {
    const response = await requestFrom(UNTRUSTED_PEER, edge.port, { host: "edited.test", "x-tenant": "red" });
    const seen = (JSON.parse(response.body) as TEcho).headers;
    expect(seen.host).toBe(new URL(echo.origin).host);
    expect(seen["x-tenant"]).toBe("blue");
    expect(seen["x-forwarded-host"]).toBe("edited.test");
  });

  it("hides Server and X-Powered-By, strips Connection-listed response fields, and sets the host's response headers", async () => {
    const response = await requestFrom(UNTRUSTED_PEER, edge.port, { host: "hidden.test" });
    expect(response.status).toBe(200);
    expect(response.headers["x-frame-options"]).toBe("DENY");
    for (const name of ["server", "x-powered-by", "x-internal"]) expect(response.headers[name]).toBeUndefined();
  });
});
