import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type TTestBackend } from "../test/backends.ts";
import { countArrivals, exchangeRaw, startEdgeProxy, type TEdgeProxy } from "../test/edge-harness.ts";
import { snapshot } from "../test/snapshots.ts";

/**
 * Requests Node's parser accepts but that a backend, or a proxy in front of us, could frame or route
 * differently (stack-facts.md). Each is written byte for byte on a raw socket; the proxy must answer
 * 400, close, and forward nothing.
 */
const AMBIGUOUS: Record<string, string> = {
  "two Host fields": "GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n",
  "Host with a space": "GET / HTTP/1.1\r\nHost: a .test\r\n\r\n",
  "Host with userinfo": "GET / HTTP/1.1\r\nHost: user@a.test\r\n\r\n",
  "Host with a path": "GET / HTTP/1.1\r\nHost: a.test/x\r\n\r\n",
  "Host listing two names": "GET / HTTP/1.1\r\nHost: a.test, b.test\r\n\r\n",
  "empty Host": "GET / HTTP/1.1\r\nHost:\r\n\r\n",
  "absolute-form naming another authority than Host": "GET http://b.test/ HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "absolute-form naming another port than Host": "GET http://a.test:8080/ HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "absolute-form with userinfo": "GET http://user@a.test/ HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "absolute-form with another scheme": "GET ftp://a.test/ HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "Transfer-Encoding: ,chunked": "POST / HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: ,chunked\r\n\r\n0\r\n\r\n",
  "Transfer-Encoding: gzip, chunked": "POST / HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
  "Transfer-Encoding on HTTP/1.0": "POST / HTTP/1.0\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
  "Content-Length: 002": "POST / HTTP/1.1\r\nHost: a.test\r\nContent-Length: 002\r\n\r\nab",
  "GET *": "GET * HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "OPTIONS *": "OPTIONS * HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "CONNECT (authority-form)": "CONNECT a.test:443 HTTP/1.1\r\nHost: a.test:443\r\n\r\n",
  "a fragment in the target": "GET /x#y HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "a dot-dot segment": "GET /public/../admin HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "an encoded dot-dot segment": "GET /public/%2e%2E/admin HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "a backslash in the path": "GET /public\\..\\admin HTTP/1.1\r\nHost: a.test\r\n\r\n",
  "an HTTP/2.0 request line": "GET / HTTP/2.0\r\nHost: a.test\r\n\r\n",
  "an Upgrade other than websocket": "GET / HTTP/1.1\r\nHost: a.test\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n",
  "a websocket upgrade with a body": "GET / HTTP/1.1\r\nHost: a.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 5\r\n\r\nhello",
  "a websocket upgrade with an ambiguous length": "GET / HTTP/1.1\r\nHost: a.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 00\r\n\r\n",
  "a websocket upgrade with two Host fields": "GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
};

describe("ambiguous requests are refused and never forwarded", () => {
  let backend: TTestBackend;
  let arrivals: { readonly total: number };
  let edge: TEdgeProxy;

  beforeAll(async () => {
    backend = await startEchoBackend("A");
    arrivals = countArrivals(backend.server);
    edge = await startEdgeProxy(snapshot(1, { "a.test": backend.origin, "b.test": backend.origin }));
  });

  afterAll(async () => {
    await edge?.close();
    await backend?.close();
  });

  it("forwards a plain request on the same harness (control)", async () => {
    const answer = await exchangeRaw(edge.port, "GET /ok HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(arrivals.total).toBe(1);
  });

  for (const [name, bytes] of Object.entries(AMBIGUOUS)) {
    it(`answers 400 and closes: ${name}`, async () => {
      const before = arrivals.total;
      const answer = await exchangeRaw(edge.port, bytes);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/\r\nConnection: close\r\n/i);
      expect(arrivals.total).toBe(before);
    });
  }

  it("still forwards nothing after the last ambiguous request (no late arrivals)", async () => {
    const answer = await exchangeRaw(edge.port, "GET /ok HTTP/1.1\r\nHost: b.test\r\nConnection: close\r\n\r\n");
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(arrivals.total).toBe(2);
  });
});
