import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import {
  createDb,
  databaseFile,
  orgCertificates,
  orgHosts,
  registerNode,
  updateAcmeSettings,
  type Db,
  type TSecretBox,
} from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import * as acme from "acme-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spawnProxy, type TProxyProcess } from "../../../../proxy/test/proxy-process.ts";
import { startBackend, type TestBackend } from "../../../../../tests/harness/backend.ts";
import { startPebble, type Pebble } from "../../../../../tests/harness/pebble.ts";
import { startCertificateManager, type TCertificateManager, type TManagerLog } from "./start-manager.ts";
import { TEST_ACTOR } from "../../../../../packages/db/test/actor.ts";

// The whole path of an automatic-HTTPS certificate, for real: a migrated SQLite file, the web's own
// proxy-config and report routes served over HTTP to a real proxy process, Pebble (Debian's test ACME
// server) validating HTTP-01 against that proxy's HTTP port, and HTTPS requests through the proxy
// checked against Pebble's issuing root.
const NODE_TOKEN = "acme-test-node-token-0123456789abcdef0123456789";
const ORG = "org_acme";

let dataDir: string;
let db: Db;
let box: TSecretBox;
let hosts: ReturnType<typeof orgHosts>;
let certificates: ReturnType<typeof orgCertificates>;
let notifyConfigChanged: () => void;
let controlPlane: Server;
let proxy: TProxyProcess;
let proxyHttpsPort: number;
let pebble: Pebble;
let backend: TestBackend;
const managers: TCertificateManager[] = [];
const warnings: string[] = [];

// Warnings and errors are kept for the failure messages of assertions; routine lines are dropped.
const log: TManagerLog = { info: () => undefined, warn: (line: string) => warnings.push(line), error: (...parts: unknown[]) => warnings.push(parts.join(" ")) };

/** Serves Next route handlers (Request -> Response) over plain node:http, for the proxy to call. */
function serveRoutes(routes: Record<string, (request: Request) => Promise<Response>>): Promise<Server> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const handler = routes[`${incoming.method} ${new URL(incoming.url ?? "/", "http://x").pathname}`];
    if (!handler) return void outgoing.writeHead(404).end();
    const aborted = new AbortController();
    outgoing.once("close", () => aborted.abort());
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", async () => {
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const headers = Object.entries(incoming.headers).flatMap(([name, value]) => (typeof value === "string" ? [[name, value] as [string, string]] : []));
      const request = new Request(`http://127.0.0.1${incoming.url}`, { method: incoming.method, headers, body, signal: aborted.signal });
      const response = await handler(request);
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

type THttpsAnswer = { status: number; body: string; serialNumber: string };

/** GET / over HTTPS through the proxy, trusting only `rootPem`, with SNI and Host = `domain`. */
function httpsThroughProxy(domain: string, rootPem: string): Promise<THttpsAnswer> {
  return new Promise((resolve, reject) => {
    // agent: false -> a new connection (and handshake) per request, so each one sees the current certificate.
    const outgoing = httpsRequest(
      { host: "127.0.0.1", port: proxyHttpsPort, path: "/", servername: domain, headers: { host: domain }, ca: rootPem, agent: false },
      (response) => {
        const serialNumber = (response.socket as TLSSocket).getPeerCertificate().serialNumber;
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body, serialNumber }));
      },
    );
    outgoing.on("error", reject).end();
  });
}

/** Polls until HTTPS for `domain` answers 200 with the certificate whose serial is `serialNumber`. */
async function untilServed(domain: string, serialNumber: string): Promise<THttpsAnswer> {
  const rootPem = await pebble.issuingRootPem();
  let last = "nothing yet";
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      const answer = await httpsThroughProxy(domain, rootPem);
      if (answer.status === 200 && answer.serialNumber.toLowerCase() === serialNumber.toLowerCase()) return answer;
      last = JSON.stringify(answer);
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`HTTPS for ${domain} never served serial ${serialNumber}; last: ${last}`);
}

function startManager(holderId: string, onDb: Db = db): TCertificateManager {
  // An hour between polls: the tests drive passes with runOnce.
  const manager = startCertificateManager({ db: onDb, box, holderId, pollIntervalMs: 3_600_000, propagationTimeoutMs: 20_000, log, onConfigChanged: notifyConfigChanged });
  managers.push(manager);
  return manager;
}

/** A host with automatic HTTPS, proxied to the test backend; returns its certificate's id. */
async function automaticHttpsHost(domain: string): Promise<string> {
  const host = await hosts.create({
    domains: [domain],
    enabled: true,
    locations: [{ path: "/", action: { type: "proxy", backendUrl: backend.url } }],
    tls: { mode: "automatic" },
  });
  expect(host.tls.certificateId).toEqual(expect.any(String));
  return host.tls.certificateId!;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-acme-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "acme-integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));

  const { GET } = await import("@/app/api/v1/proxy/config/route.ts");
  const { POST } = await import("@/app/api/v1/proxy/report/route.ts");
  ({ notifyConfigChanged } = await import("@/server/config-changes.ts"));
  db = (await import("@/server/db.ts")).getDb();
  box = (await import("@/server/secret-box.ts")).getSecretBox();

  await registerNode(db, "edge-1", NODE_TOKEN);
  await db.organization.create({ data: { id: ORG, name: "Acme", slug: "acme", createdAt: new Date() } });
  hosts = orgHosts(db, ORG, TEST_ACTOR);
  certificates = orgCertificates(db, ORG, box, TEST_ACTOR);

  backend = await startBackend("acme-backend");
  controlPlane = await serveRoutes({ "GET /api/v1/proxy/config": GET, "POST /api/v1/proxy/report": POST });
  proxy = spawnProxy([], {
    NODE_ENV: "test",
    GATEHOUSE_CONTROL_PLANE_URL: `http://127.0.0.1:${(controlPlane.address() as AddressInfo).port}`,
    GATEHOUSE_NODE_TOKEN: NODE_TOKEN,
    GATEHOUSE_DATA_DIR: path.join(dataDir, "proxy"),
    GATEHOUSE_PROXY_BIND: "127.0.0.1",
    GATEHOUSE_PROXY_HTTP_PORT: "0",
    GATEHOUSE_PROXY_HTTPS_PORT: "0",
    GATEHOUSE_PROXY_WORKERS: "1",
  });
  const listening = await proxy.waitForLine((line) => line.msg === "proxy listening");
  proxyHttpsPort = Number(listening.httpsPort);
  // Pebble needs the proxy's HTTP port up front: that is where it sends every HTTP-01 validation.
  pebble = await startPebble({ httpPort: Number(listening.port) });
  // Pebble's API has its own throwaway CA; the web process gets it as NODE_EXTRA_CA_CERTS, which a
  // running test process cannot take any more, so acme-client's HTTP client is given it directly.
  acme.axios.defaults.httpsAgent = new HttpsAgent({ ca: pebble.caCertPem });
  await updateAcmeSettings(db, box, { email: "ops@example.com", directoryUrl: pebble.directoryUrl }, TEST_ACTOR);
}, 60_000);

afterAll(async () => {
  await Promise.all(managers.map((manager) => manager.stop()));
  acme.axios.defaults.httpsAgent = undefined;
  if (proxy) {
    proxy.child.kill("SIGTERM");
    await proxy.exited;
  }
  await pebble?.stop();
  await new Promise((resolve) => controlPlane?.close(resolve));
  await backend?.close();
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe("certificate manager against Pebble and a real proxy", { timeout: 120_000 }, () => {
  beforeEach(() => {
    warnings.length = 0;
  });

  it("orders a certificate for a host saved with automatic HTTPS and serves it over HTTPS, answered by the backend", async () => {
    const certificateId = await automaticHttpsHost("app.example.com");
    await startManager("replica-a").runOnce();

    const issued = await certificates.get(certificateId);
    expect(issued, warnings.join("\n")).toMatchObject({ status: "issued", domains: ["app.example.com"], lastError: null });
    expect(issued.issuer).toContain("Pebble");
    expect(issued.events.map((event) => event.step)).toEqual(["requested", "ordering", "validating", "issued"]);
    expect(await db.acmeChallenge.count()).toBe(0);
    // The CA was asked only after the proxy had applied the challenges (no propagation timeout warning).
    expect(warnings).toEqual([]);

    const answer = await untilServed("app.example.com", issued.serialNumber!);
    expect(answer.body).toContain("hello from acme-backend: GET / host=app.example.com");
  });

  it("renews a certificate whose renewal time passed: new serial, HTTPS answering throughout", async () => {
    const certificateId = await automaticHttpsHost("renew.example.com");
    const manager = startManager("replica-a");
    await manager.runOnce();
    const first = await certificates.get(certificateId);
    await untilServed("renew.example.com", first.serialNumber!);

    await db.certificate.update({ where: { id: certificateId }, data: { renewAt: new Date(Date.now() - 60_000) } });
    const rootPem = await pebble.issuingRootPem();
    let renewing = true;
    const answers: Array<number | string> = [];
    const traffic = (async () => {
      while (renewing) {
        answers.push(await httpsThroughProxy("renew.example.com", rootPem).then((answer) => answer.status, (error: Error) => error.message));
      }
    })();
    await manager.runOnce();
    const renewed = await certificates.get(certificateId);
    await untilServed("renew.example.com", renewed.serialNumber!);
    renewing = false;
    await traffic;

    expect(renewed, warnings.join("\n")).toMatchObject({ status: "issued", lastError: null });
    expect(renewed.serialNumber).not.toBe(first.serialNumber);
    expect(renewed.renewAt!.getTime()).toBeGreaterThan(Date.now());
    expect(renewed.events.map((event) => event.step)).toContain("renewing");
    expect(renewed.events.at(-1)!.step).toBe("issued");
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer !== 200)).toEqual([]);
  });

  it("ends an order that fails validation as failed, with Pebble's problem detail and what to check", async () => {
    const certificateId = await automaticHttpsHost("unreachable.example.com");
    // Nothing listens on 127.0.0.2 (the proxy is bound to 127.0.0.1), so Pebble's validation is refused.
    await pebble.addARecord("unreachable.example.com", "127.0.0.2");
    const before = Date.now();
    await startManager("replica-a").runOnce();

    const failed = await certificates.get(certificateId);
    expect(failed.status).toBe("failed");
    expect(failed.lastError).toMatch(/^127\.0\.0\.1:\d+ could not validate http:\/\/unreachable\.example\.com\/\.well-known\/acme-challenge\/\S+: /);
    expect(failed.lastError).toMatch(/connection refused/i);
    expect(failed.lastError).toContain("Check that unreachable.example.com points at this proxy");
    expect(failed.events.map((event) => event.step)).toEqual(["requested", "ordering", "validating", "failed"]);
    expect(failed.events.at(-1)!.message).toBe(failed.lastError);
    const row = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(before);
    expect(row.lockedBy).toBeNull();
    expect(await db.acmeChallenge.count()).toBe(0);
  });

  it("orders a certificate once when two managers on one database (and a second pass in one of them) run at the same time", async () => {
    const certificateId = await automaticHttpsHost("two.example.com");
    const secondReplicaDb = createDb(databaseFile(dataDir));
    try {
      const [replicaA, replicaB] = [startManager("replica-a"), startManager("replica-b", secondReplicaDb)];
      await Promise.all([replicaA.runOnce(), replicaB.runOnce(), replicaA.runOnce()]);

      const issued = await certificates.get(certificateId);
      expect(issued.status, warnings.join("\n")).toBe("issued");
      expect(issued.events.filter((event) => event.step === "ordering")).toHaveLength(1);
      expect(issued.events.filter((event) => event.step === "issued")).toHaveLength(1);
    } finally {
      await Promise.all(managers.splice(-2).map((manager) => manager.stop()));
      await secondReplicaDb.$disconnect();
    }
  });
});
