import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { ClientHttp2Session } from "node:http2";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, startEchoBackend, type TTestBackend } from "../../test/backends.ts";
import { spawnProxy, type TProxyProcess } from "../../test/proxy-process.ts";
import { snapshotOf } from "../../test/snapshots.ts";
import { makeTestCa, type TTestCa } from "../../test/tls-certs.ts";
import { handshake, http2Request, openHttp2 } from "../../test/tls-client.ts";

/**
 * The proxy as a process with two workers serving HTTPS: the same default certificate and session
 * ticket keys in every worker, HTTP/2 in the access log, and a SIGTERM drain that sends GOAWAY to a
 * connected HTTP/2 client while its request still completes.
 */
describe("gatehouse-proxy serving HTTPS with two workers", () => {
  let ca: TTestCa;
  let echo: TTestBackend;
  let slow: TTestBackend;
  let releaseSlow!: () => void;
  let slowArrived!: () => void;
  const slowRequestArrived = new Promise<void>((resolve) => (slowArrived = resolve));
  let dir: string;
  let proxy: TProxyProcess;
  let httpsPort: number;

  beforeAll(async () => {
    const released = new Promise<void>((resolve) => (releaseSlow = resolve));
    ca = await makeTestCa();
    let certificate: { cert: string; key: string };
    [certificate, echo, slow] = await Promise.all([
      ca.issue(["a.test"]),
      startEchoBackend("echo"),
      startBackend((_req, res) => {
        slowArrived();
        released.then(() => res.end("slow done"));
      }),
    ]);
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-https-process-"));
    const configFile = path.join(dir, "snapshot.json");
    const tls = { certificateId: "cert-a" };
    await writeFile(
      configFile,
      JSON.stringify(
        snapshotOf(1, {
          upstreams: [
            { id: "echo", name: "echo", targets: [{ url: echo.origin }] },
            { id: "slow", name: "slow", targets: [{ url: slow.origin }] },
          ],
          hosts: [
            {
              id: "a",
              domains: ["a.test"],
              locations: [
                { path: "/", action: { type: "proxy", upstreamId: "echo" } },
                { path: "/slow", action: { type: "proxy", upstreamId: "slow" } },
              ],
              tls,
            },
          ],
          certificates: [{ id: "cert-a", domains: ["a.test"], certificatePem: certificate.cert, privateKeyPem: certificate.key }],
        }),
      ),
    );
    proxy = spawnProxy(["--config", configFile], {
      GATEHOUSE_PROXY_HTTP_PORT: "0",
      GATEHOUSE_PROXY_HTTPS_PORT: "0",
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_PROXY_WORKERS: "2",
      GATEHOUSE_DATA_DIR: dir,
    });
    const listening = await proxy.waitForLine((line) => line.msg === "proxy listening");
    expect(listening).toMatchObject({ workers: 2, httpsPort: expect.any(Number) });
    httpsPort = Number(listening.httpsPort);
  });

  afterAll(async () => {
    if (proxy?.child.exitCode === null) proxy.child.kill("SIGKILL");
    await Promise.all([echo?.close(), slow?.close()]);
    await ca?.remove();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  // That the workers share their ticket keys is proven in https-listener.integration.test.ts, where the
  // listener is chosen; here the kernel/primary picks the worker, so this shows only that resumption works.
  it("resumes TLS sessions and shows one default certificate whichever worker takes the connection", async () => {
    const first = await handshake(httpsPort, { servername: "a.test", ca: ca.caPem, rejectUnauthorized: true });
    expect(first.session).toBeDefined();
    const resumed = [];
    for (let i = 0; i < 4; i += 1) resumed.push(await handshake(httpsPort, { servername: "a.test", ca: ca.caPem, session: first.session }));
    expect(resumed.map((result) => result.sessionReused)).toEqual([true, true, true, true]);

    const defaults = [];
    for (let i = 0; i < 4; i += 1) defaults.push((await handshake(httpsPort, { servername: "unknown.test" })).certificate.fingerprint256);
    expect(new Set(defaults).size).toBe(1);
  });

  it("logs HTTP/2 requests with their protocol and scheme", async () => {
    const session = await openHttp2(httpsPort, "a.test", ca.caPem);
    try {
      const response = await http2Request(session, { ":method": "POST", ":path": "/logged" }, "body");
      expect(response.status).toBe(200);
    } finally {
      session.close();
    }
    const line = await proxy.waitForLine((entry) => entry.log === "access" && entry.path === "/logged");
    expect(line).toMatchObject({ protocol: "HTTP/2.0", scheme: "https", method: "POST", status: 200, completed: true, upstream: echo.origin });
  });

  it("drains on SIGTERM: a connected HTTP/2 client gets GOAWAY and its request in flight still completes", async () => {
    let session: ClientHttp2Session | undefined;
    try {
      session = await openHttp2(httpsPort, "a.test", ca.caPem);
      const goaway = new Promise<void>((resolve) => session!.once("goaway", () => resolve()));
      const inFlight = http2Request(session, { ":path": "/slow" });
      await slowRequestArrived;
      proxy.child.kill("SIGTERM");
      await goaway;
      releaseSlow();
      expect(await inFlight).toMatchObject({ status: 200, body: "slow done" });
      expect(await proxy.exited).toBe(0);
    } finally {
      session?.destroy();
    }
  });
});
