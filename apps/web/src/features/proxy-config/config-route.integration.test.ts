import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { currentRevision, databaseFile, orgHosts, registerNode, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import { ZProxyConfig } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACTOR } from "../../../../../packages/db/test/actor.ts";

// The route handler called as a function against a real, migrated SQLite file. The environment is
// set before the app modules are imported, as the web process would have it.
const NODE_TOKEN = "node-token-0123456789abcdef-0123456789abcdef";
const ENDPOINT = "http://gatehouse.test/api/v1/proxy/config";
const NEVER_MS = 30; // seconds the waiting requests may wait: far beyond the test timeout

let dataDir: string;
let db: Db;
let GET: (request: Request) => Promise<Response>;
let nodeId: string;
let hosts: ReturnType<typeof orgHosts>;
let notifyConfigChanged: () => void;

/** A host in its simplest form: one domain, "/" to one backend URL. */
function quickHost(domain: string, backendUrl: string, enabled: boolean) {
  return { domains: [domain], enabled, locations: [{ path: "/", action: { type: "proxy" as const, backendUrl } }] };
}

function configRequest(query: string, init: RequestInit & { token?: string | null } = {}): Request {
  const { token = NODE_TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  return new Request(`${ENDPOINT}${query}`, { ...rest, headers });
}

/** Resolves once the node's lastSeenAt moved past `since`: the request is then at its long-poll wait. */
async function untilSeenAfter(since: Date): Promise<void> {
  for (;;) {
    const node = await db.proxyNode.findUniqueOrThrow({ where: { id: nodeId } });
    if (node.lastSeenAt && node.lastSeenAt > since) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-config-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));

  ({ GET } = await import("@/app/api/v1/proxy/config/route.ts"));
  ({ notifyConfigChanged } = await import("@/server/config-changes.ts"));
  db = (await import("@/server/db.ts")).getDb();

  ({ id: nodeId } = await registerNode(db, "edge-1", NODE_TOKEN));
  await db.organization.create({ data: { id: "org_acme", name: "Acme", slug: "acme", createdAt: new Date() } });
  hosts = orgHosts(db, "org_acme", TEST_ACTOR);
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("GET /api/v1/proxy/config", () => {
  it("answers 401 with a JSON error without a token", async () => {
    const response = await GET(configRequest("", { token: null }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });
  });

  it("answers 401 for a token no node has", async () => {
    const response = await GET(configRequest("", { token: "not-a-registered-node-token" }));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
  });

  it("answers 400 for a wait beyond 30 seconds", async () => {
    const response = await GET(configRequest("?wait=31"));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "BAD_INPUT", fieldErrors: { wait: [expect.any(String)] } } });
  });

  it("sends the snapshot to a node that has applied nothing yet", async () => {
    const response = await GET(configRequest("?wait=0"));
    expect(response.status).toBe(200);
    const snapshot = ZProxyConfig.parse(await response.json());
    expect(snapshot.revision).toBe(await currentRevision(db));
    expect(response.headers.get("X-Gatehouse-Revision")).toBe(String(snapshot.revision));
  });

  it("sends the snapshot when the node's applied revision is behind", async () => {
    const before = await currentRevision(db);
    await hosts.create(quickHost("app.example.com", "http://127.0.0.1:9001", true));
    const response = await GET(configRequest(`?applied=${before}&wait=${NEVER_MS}`));
    expect(response.status).toBe(200);
    const snapshot = ZProxyConfig.parse(await response.json());
    expect(snapshot.revision).toBeGreaterThan(before);
    expect(snapshot.hosts.map((host) => host.domains)).toEqual([["app.example.com"]]);
  });

  it("answers 204 when the wait ends with nothing new", async () => {
    const response = await GET(configRequest(`?applied=${await currentRevision(db)}&wait=1`));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });

  it("wakes a waiting request with the new snapshot when this process notifies a change", async () => {
    const applied = await currentRevision(db);
    const since = new Date();
    const waiting = GET(configRequest(`?applied=${applied}&wait=${NEVER_MS}`));
    await untilSeenAfter(since);
    await hosts.create(quickHost("api.example.com", "http://127.0.0.1:9002", true));
    notifyConfigChanged();
    const response = await waiting;
    expect(response.status).toBe(200);
    const snapshot = ZProxyConfig.parse(await response.json());
    expect(snapshot.revision).toBe(applied + 1);
    expect(snapshot.hosts.flatMap((host) => host.domains)).toContain("api.example.com");
  });

  it("wakes a waiting request for a change written by another process (revision poll)", async () => {
    const applied = await currentRevision(db);
    const since = new Date();
    const waiting = GET(configRequest(`?applied=${applied}&wait=${NEVER_MS}`));
    await untilSeenAfter(since);
    await hosts.create(quickHost("other.example.com", "http://127.0.0.1:9003", false)); // no notify
    const response = await waiting;
    expect(response.status).toBe(200);
    expect(response.headers.get("X-Gatehouse-Revision")).toBe(String(applied + 1));
  });

  it("ends a waiting request when the node disconnects", async () => {
    const controller = new AbortController();
    const since = new Date();
    const waiting = GET(configRequest(`?applied=${await currentRevision(db)}&wait=${NEVER_MS}`, { signal: controller.signal }));
    await untilSeenAfter(since);
    controller.abort();
    expect((await waiting).status).toBe(204);
  });

  it("records the node's applied revision, version and last contact", async () => {
    const applied = await currentRevision(db);
    const since = new Date();
    const response = await GET(configRequest(`?applied=${applied}&wait=0`, { headers: { "X-Gatehouse-Node-Version": "0.1.0-test" } }));
    expect(response.status).toBe(204);
    const node = await db.proxyNode.findUniqueOrThrow({ where: { id: nodeId } });
    expect(node.appliedRevision).toBe(applied);
    expect(node.version).toBe("0.1.0-test");
    expect(node.lastSeenAt!.getTime()).toBeGreaterThanOrEqual(since.getTime());
  });
});
