import { X509Certificate } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { connect as connectTls } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer, type ClientOptions, type RawData } from "ws";
import { startEchoBackend, type TEcho, type TTestBackend } from "../../test/backends.ts";
import { httpRequest } from "../../test/http-client.ts";
import { startSnapshotProxy, type TSnapshotProxy } from "../../test/snapshot-proxy.ts";
import type { TSnapshotInput } from "../../test/snapshots.ts";
import { makeTestCa, type TTestCa } from "../../test/tls-certs.ts";
import { DEFAULT_EDGE_LIMITS } from "../limits/edge-limits.ts";
import { handshake, http2Request, openHttp2 } from "../../test/tls-client.ts";

const TOKEN = "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const KEY_AUTHORIZATION = `${TOKEN}.thumbprint_0123456789abcdef`;
const PUBLIC_HTTPS_PORT = 8443;

describe("HTTPS: SNI, ALPN, HTTP/2, redirects and HSTS", () => {
  let ca: TTestCa;
  let backend: TTestBackend;
  let proxy: TSnapshotProxy;
  let httpsPort: number;
  let exactCert: { cert: string; key: string };
  let wildcardCert: { cert: string; key: string };
  let rsaCert: { cert: string; key: string };
  /** Headers of each WebSocket upgrade the backend got. */
  const upgrades: IncomingMessage["headers"][] = [];

  function config(certificate = exactCert, unknownSni: "default-certificate" | "refuse" = "default-certificate"): TSnapshotInput {
    const proxyTo = [{ path: "/", action: { type: "proxy" as const, upstreamId: "u" } }];
    return {
      upstreams: [{ id: "u", name: "echo", targets: [{ url: backend.origin }] }],
      hosts: [
        {
          id: "exact",
          domains: ["a.test"],
          locations: [...proxyTo, { path: "/fixed", action: { type: "respond", status: 200, body: "fixed" } }],
          options: { preserveHost: true },
          tls: { certificateId: "cert-a", forceHttps: true, hsts: { maxAgeSeconds: 600, includeSubDomains: true, preload: false } },
        },
        {
          id: "wild",
          domains: ["*.wild.test"],
          locations: proxyTo,
          tls: { certificateId: "cert-wild", forceHttps: false, hsts: { maxAgeSeconds: 300, includeSubDomains: false, preload: false } },
        },
        { id: "plain", domains: ["plain.test"], locations: proxyTo },
        { id: "rsa", domains: ["rsa.test"], locations: proxyTo, tls: { certificateId: "cert-rsa" } },
      ],
      certificates: [
        { id: "cert-a", domains: ["a.test"], certificatePem: certificate.cert, privateKeyPem: certificate.key },
        { id: "cert-wild", domains: ["*.wild.test"], certificatePem: wildcardCert.cert, privateKeyPem: wildcardCert.key },
        { id: "cert-rsa", domains: ["rsa.test"], certificatePem: rsaCert.cert, privateKeyPem: rsaCert.key },
      ],
      acmeChallenges: [{ token: TOKEN, keyAuthorization: KEY_AUTHORIZATION }],
      settings: { unknownSni },
    };
  }

  beforeAll(async () => {
    ca = await makeTestCa();
    [exactCert, wildcardCert, rsaCert, backend] = await Promise.all([
      ca.issue(["a.test"]),
      ca.issue(["*.wild.test"]),
      ca.issue(["rsa.test"], "rsa"),
      startEchoBackend("echo"),
    ]);
    const wss = new WebSocketServer({ server: backend.server });
    wss.on("connection", (ws, req) => {
      upgrades.push(req.headers);
      ws.on("message", (data: RawData) => ws.send(data));
    });
    proxy = await startSnapshotProxy(config(), {
      httpsPort: 0,
      publicHttpsPort: PUBLIC_HTTPS_PORT,
      edgeLimits: { ...DEFAULT_EDGE_LIMITS, headersTimeoutMs: 1000 },
    });
    httpsPort = proxy.proxy.node.httpsPort!;
  });
  afterAll(async () => {
    await proxy?.close();
    await backend?.close();
    await ca?.remove();
  });

  it("picks the certificate by SNI: the exact name, then a wildcard, each verified against the CA", async () => {
    const exact = await handshake(httpsPort, { servername: "a.test", ca: ca.caPem, rejectUnauthorized: true });
    expect(exact.certificate.subjectaltname).toBe("DNS:a.test");
    const wild = await handshake(httpsPort, { servername: "deep.wild.test", ca: ca.caPem, rejectUnauthorized: true });
    expect(wild.certificate.subjectaltname).toBe("DNS:*.wild.test");
    // A wildcard covers one label only, as in routing.
    const tooDeep = await handshake(httpsPort, { servername: "a.b.wild.test" });
    expect(tooDeep.certificate.subject.CN).toBe("Gatehouse default certificate");
  });

  it("serves each host its own certificate whatever its key type, next to ECDSA ones", async () => {
    const rsa = await handshake(httpsPort, { servername: "rsa.test", ca: ca.caPem, rejectUnauthorized: true });
    expect(rsa.certificate.subjectaltname).toBe("DNS:rsa.test");
    expect(rsa.certificate.pubkey?.length).toBeGreaterThan(200);
    const ecdsa = await handshake(httpsPort, { servername: "a.test", ca: ca.caPem, rejectUnauthorized: true });
    expect(ecdsa.certificate.subjectaltname).toBe("DNS:a.test");
  });

  it("serves the self-signed default certificate for an unknown name and a host without certificate, and no certificate without SNI", async () => {
    for (const servername of ["unknown.test", "plain.test"]) {
      const result = await handshake(httpsPort, { servername });
      expect(result.certificate.subject.CN).toBe("Gatehouse default certificate");
      expect(result.certificate.subjectaltname).toBe("DNS:gatehouse.invalid");
    }
    await expect(handshake(httpsPort, {})).rejects.toThrow(/alert/i);
  });

  it("negotiates h2 and http/1.1 by ALPN on the same port, with TLS 1.3 and an AEAD suite", async () => {
    const h2 = await handshake(httpsPort, { servername: "a.test", ALPNProtocols: ["h2", "http/1.1"] });
    expect(h2.alpnProtocol).toBe("h2");
    expect(h2.protocol).toBe("TLSv1.3");
    const h1 = await handshake(httpsPort, { servername: "a.test", ALPNProtocols: ["http/1.1"] });
    expect(h1.alpnProtocol).toBe("http/1.1");
    const tls12 = await handshake(httpsPort, { servername: "a.test", maxVersion: "TLSv1.2" });
    expect(tls12.protocol).toBe("TLSv1.2");
    expect(tls12.cipher).toMatch(/^ECDHE-ECDSA-(AES\d+-GCM|CHACHA20-POLY1305)/);
  });

  it("refuses TLS 1.1, and CBC suites under TLS 1.2 (the alert comes from the server)", async () => {
    // SECLEVEL=0 lets this client offer what OpenSSL would otherwise refuse to send at all.
    await expect(
      handshake(httpsPort, { servername: "a.test", minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" }),
    ).rejects.toThrow(/alert protocol version/i);
    await expect(
      handshake(httpsPort, {
        servername: "a.test",
        maxVersion: "TLSv1.2",
        ciphers: "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:AES128-GCM-SHA256",
      }),
    ).rejects.toThrow(/alert handshake failure/i);
  });

  it("proxies HTTP/2 requests with bodies to the HTTP/1.1 backend, with X-Forwarded-Proto https and HSTS", async () => {
    const session = await openHttp2(httpsPort, "a.test", ca.caPem);
    try {
      const streamed = await http2Request(session, { ":method": "POST", ":path": "/echo?x=1", "content-type": "text/plain", cookie: ["a=1", "b=2"] }, "hello over h2, streamed");
      expect(streamed.status).toBe(200);
      expect(streamed.headers["strict-transport-security"]).toBe("max-age=600; includeSubDomains");
      const echo = JSON.parse(streamed.body) as TEcho;
      expect(echo).toMatchObject({ method: "POST", url: "/echo?x=1", body: "hello over h2, streamed" });
      expect(echo.headers).toMatchObject({
        host: `a.test:${httpsPort}`,
        "x-forwarded-proto": "https",
        "x-forwarded-port": String(httpsPort),
        "x-forwarded-host": `a.test:${httpsPort}`,
        cookie: "a=1; b=2",
        "transfer-encoding": "chunked",
      });
      expect(Object.keys(echo.headers).filter((name) => name.startsWith(":"))).toEqual([]);

      const body = "x".repeat(70_000);
      const sized = await http2Request(session, { ":method": "PUT", ":path": "/sized", "content-length": String(body.length) }, body);
      const sizedEcho = JSON.parse(sized.body) as TEcho;
      expect(sizedEcho.body.length).toBe(body.length);
      expect(sizedEcho.headers["content-length"]).toBe(String(body.length));

      const fixed = await http2Request(session, { ":path": "/fixed" });
      expect(fixed).toMatchObject({ status: 200, body: "fixed" });
      expect(fixed.headers["strict-transport-security"]).toBe("max-age=600; includeSubDomains");

      // A Host that names another site than :authority is refused, not routed by either (RFC 9113 §8.3.1).
      const mismatch = await http2Request(session, { ":path": "/", ":authority": "a.test", host: "plain.test" });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body).toContain("AMBIGUOUS_REQUEST");
    } finally {
      session.close();
    }
  });

  it("answers HTTP/1.1 over TLS with the same handler, keeping the header timeout of the HTTP port", async () => {
    const response = await httpRequest(`https://127.0.0.1:${httpsPort}`, { path: "/p", headers: { host: "x.wild.test" }, tls: { servername: "x.wild.test", ca: ca.caPem } });
    expect(response.status).toBe(200);
    expect(response.headers["strict-transport-security"]).toBe("max-age=300");
    expect((JSON.parse(response.body) as TEcho).headers["x-forwarded-proto"]).toBe("https");

    // A client that never finishes its header block gets 408 on TLS too.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connectTls({ host: "127.0.0.1", port: httpsPort, servername: "a.test", rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] }, () =>
        socket.write("GET / HTTP/1.1\r\nHost: a.test\r\n"),
      );
      let received = "";
      socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
      socket.on("close", () => resolve(received));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("redirects force-HTTPS hosts on the HTTP port with 308, but answers ACME challenges first, for any host", async () => {
    const redirected = await proxy.get("A.test:80", "/path/x?q=1");
    expect(redirected.status).toBe(308);
    expect(redirected.headers.location).toBe(`https://a.test:${PUBLIC_HTTPS_PORT}/path/x?q=1`);
    expect(redirected.headers["strict-transport-security"]).toBeUndefined();

    for (const host of ["a.test", "plain.test", "nobody.test"]) {
      const challenge = await proxy.get(host, `/.well-known/acme-challenge/${TOKEN}`);
      expect(challenge).toMatchObject({ status: 200, body: KEY_AUTHORIZATION });
    }
    const unknown = await proxy.get("a.test", "/.well-known/acme-challenge/tok_unknown_0123456789");
    expect(unknown.status).toBe(404);
    expect(unknown.headers["content-type"]).toMatch(/^text\/plain/);

    // HSTS only ever on HTTPS: the wildcard host is not forced, and its plain-HTTP answer has none.
    const plainHttp = await proxy.get("x.wild.test", "/");
    expect(plainHttp.status).toBe(200);
    expect(plainHttp.headers["strict-transport-security"]).toBeUndefined();
  });

  it("carries WebSocket upgrades over TLS (HTTP/1.1), and redirects a plain ws:// one of a force-HTTPS host", async () => {
    const plain = new WebSocket(`ws://127.0.0.1:${proxy.proxy.node.port}/socket?x`, { headers: { Host: "a.test" } });
    const refused = await new Promise<IncomingMessage>((resolve, reject) =>
      plain.once("unexpected-response", (_req, res) => resolve(res)).once("open", () => reject(new Error("a tunnel over plain HTTP"))),
    );
    expect(refused.statusCode).toBe(308);
    expect(refused.headers.location).toBe(`https://a.test:${PUBLIC_HTTPS_PORT}/socket?x`);
    // Closing a socket that never opened reports an error by design: expected here.
    plain.on("error", () => {});
    plain.terminate();

    const options: ClientOptions & { servername: string } = { headers: { Host: "a.test" }, servername: "a.test", ca: ca.caPem };
    const ws = new WebSocket(`wss://127.0.0.1:${httpsPort}/socket`, options);
    try {
      await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
      const reply = new Promise<string>((resolve) => ws.once("message", (data: RawData) => resolve(data.toString())));
      ws.send("ping over wss");
      expect(await reply).toBe("ping over wss");
      expect(upgrades.at(-1)).toMatchObject({ "x-forwarded-proto": "https", host: "a.test" });
    } finally {
      ws.close();
    }
  });

  it("applies a certificate change and the refuse setting live, by a snapshot swap", async () => {
    const before = await handshake(httpsPort, { servername: "a.test" });
    const renewed = await ca.issue(["a.test"]);
    await proxy.apply(config(renewed));
    const after = await handshake(httpsPort, { servername: "a.test", ca: ca.caPem, rejectUnauthorized: true });
    expect(after.certificate.serialNumber).not.toBe(before.certificate.serialNumber);
    expect(after.certificate.fingerprint256).toBe(new X509Certificate(renewed.cert).fingerprint256);

    await proxy.apply(config(renewed, "refuse"));
    await expect(handshake(httpsPort, { servername: "unknown.test" })).rejects.toThrow();
    await expect(handshake(httpsPort, {})).rejects.toThrow();
    expect((await handshake(httpsPort, { servername: "x.wild.test" })).certificate.subjectaltname).toBe("DNS:*.wild.test");

    await proxy.apply(config(renewed, "default-certificate"));
    expect((await handshake(httpsPort, { servername: "unknown.test" })).certificate.subject.CN).toBe("Gatehouse default certificate");
  });
});

describe("HTTP/2 edge limits", () => {
  let ca: TTestCa;
  let backend: TTestBackend;
  let proxy: TSnapshotProxy;

  beforeAll(async () => {
    ca = await makeTestCa();
    const certificate = await ca.issue(["a.test"]);
    backend = await startEchoBackend("echo");
    proxy = await startSnapshotProxy(
      {
        upstreams: [{ id: "u", name: "echo", targets: [{ url: backend.origin }] }],
        hosts: [{ id: "a", domains: ["a.test"], locations: [{ path: "/", action: { type: "proxy", upstreamId: "u" } }], tls: { certificateId: "c" } }],
        certificates: [{ id: "c", domains: ["a.test"], certificatePem: certificate.cert, privateKeyPem: certificate.key }],
      },
      { httpsPort: 0, edgeLimits: { ...DEFAULT_EDGE_LIMITS, bodyIdleTimeoutMs: 300, keepAliveTimeoutMs: 300 } },
    );
  });
  afterAll(async () => {
    await proxy?.close();
    await backend?.close();
    await ca?.remove();
  });

  it("answers 408 on a stream whose body stalls, and sends GOAWAY to a connection left without streams", async () => {
    const session = await openHttp2(proxy.proxy.node.httpsPort!, "a.test", ca.caPem);
    try {
      const goaway = new Promise<void>((resolve) => session.once("goaway", () => resolve()));
      const stalled = await new Promise<number>((resolve, reject) => {
        const stream = session.request({ ":method": "POST", ":path": "/upload" }, { endStream: false });
        stream.write("the first half, then nothing");
        stream.on("response", (head) => resolve(Number(head[":status"])));
        stream.on("error", reject);
      });
      expect(stalled).toBe(408);
      await goaway;
    } finally {
      session.destroy();
    }
  });
});
