import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnProxy, type TProxyProcess } from "../test/proxy-process.ts";
import { proxyHost, startSnapshotProxy, type TSnapshotProxy } from "../test/snapshot-proxy.ts";
import { snapshotOf, type TSnapshotInput } from "../test/snapshots.ts";
import { makeTestCerts, type TTestCerts } from "../test/tls-certs.ts";

const NAME = "backend.test";

describe("HTTPS upstreams", () => {
  let certs: TTestCerts;
  let backend: Server;
  let origin: string;
  /** The SNI name of each TLS connection the backend accepted (false: none sent). */
  const serverNames: Array<string | false | null> = [];

  beforeAll(async () => {
    certs = await makeTestCerts(NAME);
    backend = createServer({ key: certs.key, cert: certs.cert }, (req, res) => res.end(`tls ok ${req.headers.host}`));
    backend.on("secureConnection", (socket: TLSSocket) => serverNames.push(socket.servername));
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    origin = `https://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    backend?.closeAllConnections();
    await new Promise((resolve) => backend?.close(resolve));
    await certs?.remove();
  });

  function upstream(tls: { verify?: boolean; serverName?: string }): TSnapshotInput {
    return {
      hosts: [proxyHost("h", "secure.test", "u")],
      upstreams: [{ id: "u", name: "secure", retries: 0, passiveHealth: { maxFails: 0 }, tls, targets: [{ url: origin }] }],
    };
  }

  describe("in process (the test CA is not trusted)", () => {
    let proxy: TSnapshotProxy;
    beforeAll(async () => {
      proxy = await startSnapshotProxy(upstream({}));
    });
    afterAll(() => proxy?.close());

    it("refuses a certificate it cannot verify, by default", async () => {
      const page = await proxy.get("secure.test");
      expect(page.status).toBe(502);
      const health = proxy.proxy.node.currentTable().upstreams.get("u")!.targets[0]!.health;
      expect(health.lastError).toMatch(/certificate/i);
    });

    it("accepts it when verification is turned off for the upstream, sending no SNI to an address", async () => {
      await proxy.apply(upstream({ verify: false }));
      serverNames.length = 0;
      expect(await proxy.get("secure.test")).toMatchObject({ status: 200, body: "tls ok secure.test" });
      expect(serverNames).toEqual([false]);
    });

    it("sends the configured server name as SNI, and keeps the connection whatever Host the clients use", async () => {
      await proxy.apply(upstream({ verify: false, serverName: NAME }));
      serverNames.length = 0;
      expect((await proxy.get("secure.test")).status).toBe(200);
      expect((await proxy.get("SECURE.test:80")).status).toBe(200);
      expect(serverNames).toEqual([NAME]);
    });
  });

  describe("in a proxy process that trusts the test CA", () => {
    let proxy: TProxyProcess;
    let url: string;
    const client = new Agent();
    let configFile: string;

    beforeAll(async () => {
      configFile = path.join(certs.dir, "snapshot.json");
      await writeFile(configFile, JSON.stringify(snapshotOf(1, upstream({ serverName: NAME }))));
      proxy = spawnProxy(["--config", configFile], {
        NODE_EXTRA_CA_CERTS: certs.caFile,
        GATEHOUSE_PROXY_HTTP_PORT: "0",
        GATEHOUSE_PROXY_BIND: "127.0.0.1",
        GATEHOUSE_PROXY_WORKERS: "1",
        GATEHOUSE_PROXY_METRICS_PORT: "off",
        GATEHOUSE_DATA_DIR: certs.dir,
      });
      url = String((await proxy.waitForLine((line) => line.msg === "proxy listening")).url);
    });
    afterAll(async () => {
      if (proxy?.child.exitCode === null) {
        proxy.child.kill("SIGTERM");
        await proxy.exited;
      }
      await client.close();
    });

    const get = async () => {
      const response = await request(url, { dispatcher: client, headers: { host: "secure.test" } });
      return `${response.statusCode} ${await response.body.text()}`;
    };

    it("verifies the certificate against the server name", async () => {
      expect(await get()).toBe("200 tls ok secure.test");
    });

    it("refuses the same certificate when the name it checks (the target address) is not in it", async () => {
      await writeFile(configFile, JSON.stringify(snapshotOf(2, upstream({}))));
      proxy.child.kill("SIGHUP");
      await proxy.waitForLine((line) => line.msg === "config applied" && line.revision === 2);
      expect(await get()).toMatch(/^502 /);
      const failure = await proxy.waitForLine((line) => line.msg === "upstream request failed");
      expect(String(failure.error)).toContain("ERR_TLS_CERT_ALTNAME_INVALID");
    });
  });
});
