import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiToken, databaseFile, orgCertificates, orgHosts, orgUpstreams, revokeApiToken, SYSTEM_ACTOR, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import type { TRole } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TAuth } from "@/server/auth.ts";
import { TEST_ACTOR } from "../../../../../packages/db/test/actor.ts";

// The /api/v1 route handlers called as functions against a real, migrated SQLite file: API tokens of
// two organizations, and a real better-auth session for the browser path.
const BASE = "http://gatehouse.test/api/v1";
const PASSWORD = "correct horse battery staple";

type THandler = (request: Request, route: { params: Promise<{ id: string }> }) => Promise<Response>;
type TRoutes = { GET: THandler; POST?: THandler; PUT?: THandler; DELETE?: THandler };

let dataDir: string;
let db: Db;
let auth: TAuth;
let hostsRoute: TRoutes;
let hostRoute: TRoutes;
let upstreamsRoute: TRoutes;
let upstreamRoute: TRoutes;
let certificatesRoute: TRoutes;
let certificateRoute: TRoutes;
let ownerId: string;
let ownerCookie: string;
const ORG_A = "org_a";
const ORG_B = "org_b";
let hostOfB: string;
let upstreamOfB: string;
let certificateOfB: string;

const backendHost = (domain: string, backendUrl = "http://10.0.0.5:8080") => ({
  domains: [domain],
  locations: [{ path: "/", action: { type: "proxy" as const, backendUrl } }],
});

async function tokenOf(organizationId: string, role: TRole, expiresAt?: Date): Promise<{ token: string; id: string }> {
  const { token, view } = await createApiToken(db, organizationId, { name: `${role}-${organizationId}`, role, expiresAt, createdByUserId: ownerId, creatorRole: "owner" }, TEST_ACTOR);
  return { token, id: view.id };
}

function call(handler: THandler | undefined, url: string, init: { token?: string; cookie?: string; method?: string; body?: unknown; rawBody?: string; id?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.cookie) headers.cookie = init.cookie;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  if (body !== undefined) headers["content-type"] = "application/json";
  return handler!(new Request(`${BASE}${url}`, { method: init.method ?? "GET", headers, body }), { params: Promise.resolve({ id: init.id ?? "" }) });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-rest-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));

  hostsRoute = await import("@/app/api/v1/hosts/route.ts");
  hostRoute = await import("@/app/api/v1/hosts/[id]/route.ts");
  upstreamsRoute = await import("@/app/api/v1/upstreams/route.ts");
  upstreamRoute = await import("@/app/api/v1/upstreams/[id]/route.ts");
  certificatesRoute = await import("@/app/api/v1/certificates/route.ts");
  certificateRoute = await import("@/app/api/v1/certificates/[id]/route.ts");
  db = (await import("@/server/db.ts")).getDb();
  auth = (await import("@/server/auth.ts")).getAuth();

  const signUp = await auth.api.signUpEmail({ body: { name: "Owner", email: "owner@example.com", password: PASSWORD } });
  ownerId = signUp.user.id;
  for (const [id, name] of [[ORG_A, "A"], [ORG_B, "B"]] as const) {
    await db.organization.create({ data: { id, name, slug: name.toLowerCase(), createdAt: new Date() } });
  }
  await db.member.create({ data: { id: "member_a", organizationId: ORG_A, userId: ownerId, role: "owner", createdAt: new Date() } });
  const response = await auth.api.signInEmail({ body: { email: "owner@example.com", password: PASSWORD }, asResponse: true });
  ownerCookie = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
  await db.session.updateMany({ where: { userId: ownerId }, data: { activeOrganizationId: ORG_A } });

  hostOfB = (await orgHosts(db, ORG_B, SYSTEM_ACTOR).create(backendHost("b.example.com"))).id;
  upstreamOfB = (await orgUpstreams(db, ORG_B, SYSTEM_ACTOR).create({ name: "b-pool", targets: [{ url: "http://10.0.0.9:80" }] })).id;
  const { getSecretBox } = await import("@/server/secret-box.ts");
  certificateOfB = (await orgCertificates(db, ORG_B, getSecretBox(), SYSTEM_ACTOR).createSelfSigned({ domains: ["b.internal"] })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("/api/v1 with API tokens", () => {
  it("creates a host through the API that the GUI's data layer reads back, lists it, and audits it as the token", async () => {
    const { token, id: tokenId } = await tokenOf(ORG_A, "editor");

    const created = await call(hostsRoute.POST, "/hosts", { token, method: "POST", body: backendHost("a.example.com") });

    expect(created.status).toBe(201);
    const host = await created.json();
    expect(await orgHosts(db, ORG_A).get(host.id)).toMatchObject({ id: host.id, domains: ["a.example.com"], enabled: true });
    const list = await (await call(hostsRoute.GET, "/hosts", { token })).json();
    expect(list.map((h: { domains: string[] }) => h.domains[0])).toEqual(["a.example.com"]);
    expect(await db.auditEvent.findFirst({ where: { targetId: host.id }, select: { organizationId: true, actorUserId: true, actorTokenId: true, actorLabel: true } })).toEqual({
      organizationId: ORG_A,
      actorUserId: ownerId,
      actorTokenId: tokenId,
      actorLabel: "API token editor-org_a",
    });
  });

  it("answers 404 for another organization's host on GET, PUT and DELETE, and never lists it", async () => {
    const { token } = await tokenOf(ORG_A, "owner");

    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const response = await call(hostRoute[method], `/hosts/${hostOfB}`, { token, method, id: hostOfB, body: method === "PUT" ? backendHost("stolen.example.com") : undefined });
      expect(response.status, method).toBe(404);
      expect((await response.json()).error.code).toBe("NOT_FOUND");
    }
    const list = await (await call(hostsRoute.GET, "/hosts", { token })).json();
    expect(list.map((h: { id: string }) => h.id)).not.toContain(hostOfB);
    expect(await orgHosts(db, ORG_B).get(hostOfB)).toMatchObject({ domains: ["b.example.com"] });
  });

  it("answers 404 for another organization's upstream and certificate, and never lists them", async () => {
    const { token } = await tokenOf(ORG_A, "owner");
    const attempts: [TRoutes, string, string, "GET" | "PUT" | "DELETE", unknown][] = [
      [upstreamRoute, "upstreams", upstreamOfB, "GET", undefined],
      [upstreamRoute, "upstreams", upstreamOfB, "PUT", { name: "stolen", targets: [{ url: "http://10.0.0.1" }] }],
      [upstreamRoute, "upstreams", upstreamOfB, "DELETE", undefined],
      [certificateRoute, "certificates", certificateOfB, "GET", undefined],
      [certificateRoute, "certificates", certificateOfB, "DELETE", undefined],
    ];

    for (const [routes, kind, id, method, body] of attempts) {
      expect((await call(routes[method], `/${kind}/${id}`, { token, method, id, body })).status, `${method} ${kind}`).toBe(404);
    }
    const upstreams = await (await call(upstreamsRoute.GET, "/upstreams", { token })).json();
    const certificates = await (await call(certificatesRoute.GET, "/certificates", { token })).json();
    expect(upstreams.map((item: { id: string }) => item.id)).not.toContain(upstreamOfB);
    expect(certificates.map((item: { id: string }) => item.id)).not.toContain(certificateOfB);
    expect(await orgUpstreams(db, ORG_B).get(upstreamOfB)).toMatchObject({ name: "b-pool" });
  });

  it("lets a viewer token list but not create (403)", async () => {
    const { token } = await tokenOf(ORG_A, "viewer");

    expect((await call(hostsRoute.GET, "/hosts", { token })).status).toBe(200);
    const refused = await call(hostsRoute.POST, "/hosts", { token, method: "POST", body: backendHost("viewer.example.com") });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain("This token's role (viewer)");
    expect((await orgHosts(db, ORG_A).list()).flatMap((h) => h.domains)).not.toContain("viewer.example.com");
  });

  it("answers 401 to an expired, a revoked, an unknown and a malformed token", async () => {
    const expiring = await tokenOf(ORG_A, "owner", new Date(Date.now() + 60_000));
    const revoked = await tokenOf(ORG_A, "owner");
    expect((await call(hostsRoute.GET, "/hosts", { token: expiring.token })).status).toBe(200);
    expect((await call(hostsRoute.GET, "/hosts", { token: revoked.token })).status).toBe(200);
    await db.apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await revokeApiToken(db, ORG_A, revoked.id, TEST_ACTOR);

    for (const token of [expiring.token, revoked.token, `gh_${"A".repeat(43)}`, "not-a-token"]) {
      const response = await call(hostsRoute.GET, "/hosts", { token });
      expect(response.status, token).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
    }
  });

  it("stores only the token's hash and notes when it was last used", async () => {
    const { token, id } = await tokenOf(ORG_A, "viewer");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).toBeNull();

    await call(upstreamsRoute.GET, "/upstreams", { token });

    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    expect(Object.values(row).map(String).some((value) => value.includes(token.slice(10)))).toBe(false);
  });

  it("answers 400 with field errors to a bad body and to invalid JSON", async () => {
    const { token } = await tokenOf(ORG_A, "editor");

    const bad = await call(upstreamsRoute.POST!, "/upstreams", { token, method: "POST", body: { name: "", targets: [{ url: "ftp://x" }] } });
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors)).toEqual(expect.arrayContaining(["name", "targets.0.url"]));

    const notJson = await call(hostsRoute.POST, "/hosts", { token, method: "POST", rawBody: "{domains:" });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toContain("not valid JSON");
  });
});

describe("/api/v1 with the browser session", () => {
  it("serves the session's organization, with the same 404 for another organization's ids", async () => {
    const list = await call(hostsRoute.GET, "/hosts", { cookie: ownerCookie });
    expect(list.status).toBe(200);
    expect((await list.json()).map((h: { id: string }) => h.id)).not.toContain(hostOfB);
    expect((await call(hostRoute.GET, `/hosts/${hostOfB}`, { cookie: ownerCookie, id: hostOfB })).status).toBe(404);
  });

  it("refuses a session write that is not sent as JSON (a cross-site form could send that)", async () => {
    const response = await hostsRoute.POST!(
      new Request(`${BASE}/hosts`, { method: "POST", headers: { cookie: ownerCookie, "content-type": "text/plain" }, body: JSON.stringify(backendHost("csrf.example.com")) }),
      { params: Promise.resolve({ id: "" }) },
    );
    expect(response.status).toBe(400);
    expect((await orgHosts(db, ORG_A).list()).flatMap((h) => h.domains)).not.toContain("csrf.example.com");
  });

  it("answers 401 without a session or token", async () => {
    expect((await call(hostsRoute.GET, "/hosts")).status).toBe(401);
  });
});
