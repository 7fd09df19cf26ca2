import { createApiToken, SYSTEM_ACTOR } from "@gatehouse/db";
import { can, ROLES, type TRole } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, SEED_PASSWORD, type TSeededOrg } from "../../harness/seed-organizations.ts";
import { freshMember } from "./fresh-records.ts";
import { startMatrixStack, type TMatrixStack } from "./matrix-stack.ts";
import { API_DIR, exportedMethods, fresh, hostBody, ROUTES, routeFiles, type TAccess, type TCtx, type TEndpoint, type TMethod } from "./rest-routes.ts";

// The REST half of the authorization matrix: every /api/v1 route file, every method, every role of
// organization A with both credentials (API token and session cookie), expected allowed iff
// can(role, permission) from the shared PERMISSIONS; then every org-B id through every /{id} route.

type TCaller = { label: string; role: TRole | "instance-owner" | "outsider" | "anonymous"; credential: "token" | "session" | "none"; headers: Record<string, string> };

function callersOf(_m: TMatrixStack, org: TSeededOrg): (TCaller & { role: TRole })[] {
  return ROLES.flatMap((role): (TCaller & { role: TRole })[] => [
    { label: `${org.key}:${role} token`, role, credential: "token" as const, headers: { authorization: `Bearer ${org.members[role].apiToken}` } },
    { label: `${org.key}:${role} session`, role, credential: "session" as const, headers: { cookie: org.members[role].cookie } },
  ]);
}

function extraCallers(m: TMatrixStack): TCaller[] {
  return [
    { label: "instance owner session", role: "instance-owner", credential: "session", headers: { cookie: m.instanceOwner.cookie } },
    { label: "outsider session", role: "outsider", credential: "session", headers: { cookie: m.outsider.cookie } },
    { label: "anonymous", role: "anonymous", credential: "none", headers: {} },
  ];
}

/** What the wrapper answers `caller` for an endpoint of organization A: the allowed status, or its refusal. */
function expectedStatus(access: TAccess, caller: TCaller, allowed: number): { status: number; allowed: boolean } {
  const ok = { status: allowed, allowed: true };
  switch (access.kind) {
    case "public":
      return ok;
    case "proxy-node":
      return { status: 401, allowed: false };
    case "instance-owner":
      return caller.role === "instance-owner" ? ok : { status: 404, allowed: false };
    case "org":
    case "org-session": {
      if (caller.credential === "none") return { status: 401, allowed: false };
      if (access.kind === "org-session" && caller.credential === "token") return { status: 401, allowed: false };
      // The instance owner and the outsider are no members of A. The export names A by slug: 404. The
      // other routes act in the session's active organization: none for the outsider (403), the
      // instance owner's own (any status, but A's data must stay unchanged and unseen: checked by the caller).
      if (caller.role === "instance-owner" || caller.role === "outsider") {
        if (access.kind === "org-session") return { status: 404, allowed: false };
        return caller.role === "outsider" ? { status: 403, allowed: false } : { status: -1, allowed: false };
      }
      return can(caller.role, access.permission) ? ok : { status: 403, allowed: false };
    }
  }
}

/** A PEM private key with its body, also inside JSON or an RSC payload (`\n` escaped); the upload form's hint names the header alone. */
const PEM_PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\s|\\n|\\r)*[A-Za-z0-9+/=]{40,}/;

let m: TMatrixStack;
let ctx: TCtx;
let counter = 0;

async function send(method: TMethod, path: string, headers: Record<string, string>, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, headers: { ...headers }, redirect: "manual" };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["content-type"] = "application/json";
  }
  return fetch(`${m.stack.webUrl}/api/v1${path}`, init);
}

/** Everything of organization B an attack could touch, to prove it unchanged. */
async function orgBState(): Promise<string> {
  const db = m.seed.db;
  const where = { organizationId: ctx.b.id };
  const [hosts, upstreams, certificates, tokens, members, invitations, org] = await Promise.all([
    db.host.findMany({ where, orderBy: { id: "asc" } }),
    db.upstream.findMany({ where, orderBy: { id: "asc" } }),
    db.certificate.findMany({ where, orderBy: { id: "asc" } }),
    db.apiToken.findMany({ where, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
    db.member.findMany({ where, orderBy: { id: "asc" } }),
    db.invitation.findMany({ where, orderBy: { id: "asc" } }),
    db.organization.findUnique({ where: { id: ctx.b.id } }),
  ]);
  return JSON.stringify({ hosts, upstreams, certificates, tokens, members, invitations, org });
}

beforeAll(async () => {
  m = await startMatrixStack();
  ctx = { m, a: m.seed.a, b: m.seed.b, n: () => ++counter };
});

afterAll(async () => {
  await m?.stop();
});

describe("seeded sessions and tokens", () => {
  it("are genuine: a seeded user signs in through better-auth, and a seeded cookie is a session better-auth accepts", async () => {
    const viewer = ctx.a.members.viewer;
    const signIn = await fetch(`${m.stack.webUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: m.stack.webUrl },
      body: JSON.stringify({ email: viewer.email, password: SEED_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const session = await fetch(`${m.stack.webUrl}/api/auth/get-session`, { headers: { cookie: viewer.cookie } });
    expect((await session.json())?.user?.email).toBe(viewer.email);
  });
});

describe("REST: every /api/v1 route file and method is in the matrix", () => {
  it("has a table entry for exactly the methods each route file exports", () => {
    const files = routeFiles(API_DIR).sort();
    expect(files.filter((file) => !(file in ROUTES)), "route files the matrix does not cover").toEqual([]);
    for (const file of files) {
      expect(Object.keys(ROUTES[file]!.endpoints).sort(), file).toEqual(exportedMethods(file).sort());
    }
    expect(Object.keys(ROUTES).filter((file) => !files.includes(file)), "table entries for routes that no longer exist").toEqual([]);
  });
});

describe("REST: each role's allowed and refused operations in its own organization", () => {
  for (const [file, route] of Object.entries(ROUTES)) {
    for (const [method, endpoint] of Object.entries(route.endpoints) as [TMethod, TEndpoint][]) {
      it(`${method} ${file}`, async () => {
        const callers = [...callersOf(m, ctx.a), ...extraCallers(m)];
        const failures: string[] = [];
        for (const caller of callers) {
          const expected = expectedStatus(endpoint.access, caller, endpoint.allowed);
          const { path, body, state } = await endpoint.request(ctx);
          const before = state ? JSON.stringify(await state()) : null;
          const response = await send(method, path, caller.headers, body);
          const text = await response.text();
          if (expected.status !== -1 && response.status !== expected.status) {
            failures.push(`${caller.label}: ${method} ${path} answered ${response.status}, expected ${expected.status} (${text.slice(0, 160)})`);
          }
          if (state) {
            const changed = JSON.stringify(await state()) !== before;
            const shouldChange = expected.allowed && endpoint.changes === true;
            if (changed !== shouldChange) failures.push(`${caller.label}: ${method} ${path} ${changed ? "changed" : "did not change"} the data (expected ${shouldChange ? "a change" : "none"})`);
          }
          // Private keys leave only through the export with ?keys=1 (organization:transfer), never asked for here.
          if (PEM_PRIVATE_KEY.test(text)) failures.push(`${caller.label}: ${method} ${path} returned a private key`);
          if (response.status === 200 && (endpoint.access.kind === "org" || endpoint.access.kind === "org-session")) {
            // A's members never see B's ids; callers outside A (acting in their own organization) never see A's.
            const inA = (ROLES as readonly string[]).includes(caller.role);
            const other = inA ? ctx.b : ctx.a;
            for (const id of [other.hostId, other.upstreamId, other.certificateId, other.invitationId, ...ROLES.map((r) => other.members[r].memberId)]) {
              if (text.includes(id)) failures.push(`${caller.label}: ${method} ${path} leaked ${other.slug}'s id ${id}`);
            }
            // Every seeded name of B holds "bravo" (emails, domains, pool); A's hold "alpha" (a write by an outsider may echo its own body).
            if (inA ? text.includes("bravo") : method === "GET" && text.includes("alpha")) failures.push(`${caller.label}: ${method} ${path} leaked ${other.slug}'s data`);
          }
        }
        expect(failures).toEqual([]);
      });
    }
  }
});

describe("REST: organization B's ids answer 404 to every role of organization A", () => {
  it("on every /{id} route and method, exactly like an id that does not exist, and B is unchanged", async () => {
    const before = await orgBState();
    const failures: string[] = [];
    let probes = 0;
    for (const [file, route] of Object.entries(ROUTES)) {
      if (!route.foreignId || !route.path) continue;
      for (const [method, endpoint] of Object.entries(route.endpoints) as [TMethod, TEndpoint][]) {
        if (endpoint.access.kind !== "org") continue;
        for (const caller of callersOf(m, ctx.a)) {
          const body = method === "PUT" || method === "PATCH" ? route.bodyFor?.(ctx) : method === "POST" ? {} : undefined;
          const foreign = await send(method, route.path(route.foreignId(ctx.b)), caller.headers, body);
          const missing = await send(method, route.path(`missing${ctx.n()}`), caller.headers, body);
          const expected = can(caller.role as TRole, endpoint.access.permission) ? 404 : 403;
          const [foreignBody, missingBody] = [await foreign.json(), await missing.json()];
          probes++;
          if (foreign.status !== expected) failures.push(`${caller.label}: ${method} ${file} with B's id answered ${foreign.status}, expected ${expected}`);
          if (foreign.status !== missing.status || foreignBody?.error?.code !== missingBody?.error?.code) {
            failures.push(`${caller.label}: ${method} ${file}: B's id (${foreign.status}) and a missing id (${missing.status}) answer differently`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(0);
    expect(await orgBState()).toBe(before);
  });

  it("lists of A never contain B's records, for every role and credential", async () => {
    const failures: string[] = [];
    for (const caller of callersOf(m, ctx.a)) {
      for (const [path, ownId, foreignId] of [
        ["/hosts", ctx.a.hostId, ctx.b.hostId],
        ["/upstreams", ctx.a.upstreamId, ctx.b.upstreamId],
        ["/certificates", ctx.a.certificateId, ctx.b.certificateId],
      ] as const) {
        const ids = ((await (await send("GET", path, caller.headers)).json()) as { id: string }[]).map((item) => item.id);
        if (!ids.includes(ownId) || ids.includes(foreignId)) failures.push(`${caller.label}: GET ${path} -> ${ids.join(",")}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("the session-only export answers 404 for B's slug to every role of A, and B's members cannot export A", async () => {
    // Control for the private-key check above: the one place keys leave, asked for by an owner.
    const withKeys = await send("GET", `/organization/export?org=${ctx.a.slug}&keys=1`, { cookie: ctx.a.members.owner.cookie });
    expect(PEM_PRIVATE_KEY.test(await withKeys.text())).toBe(true);
    const failures: string[] = [];
    for (const role of ROLES) {
      const foreign = await send("GET", `/organization/export?org=${ctx.b.slug}`, { cookie: ctx.a.members[role].cookie });
      if (foreign.status !== 404) failures.push(`a:${role} export of B answered ${foreign.status}`);
      const reverse = await send("GET", `/organization/export?org=${ctx.a.slug}`, { cookie: ctx.b.members[role].cookie });
      if (reverse.status !== 404) failures.push(`b:${role} export of A answered ${reverse.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("a session whose active organization is one the user is not in reaches none of its data", async () => {
    const cookie = await createSession(m.seed.db, m.seed.secret, ctx.a.members.owner.userId, ctx.b.id);
    for (const path of ["/hosts", "/upstreams", "/certificates", `/hosts/${ctx.b.hostId}`]) {
      const response = await send("GET", path, { cookie });
      expect([403, 404], path).toContain(response.status);
    }
    // The export without ?org= falls back to the user's own first organization: A's data, never B's.
    const exported = await send("GET", "/organization/export", { cookie });
    const text = await exported.text();
    if (exported.status === 200) {
      expect(text).toContain(ctx.a.hostId === "" ? "" : "www.alpha.test");
      expect(text).not.toContain("bravo");
    } else {
      expect([403, 404]).toContain(exported.status);
    }
  });
});

describe("REST: members and invitations never go above the caller's own role", () => {
  it("an admin (token or session) cannot re-role, remove or invite an owner, nor make themselves one; the last owner stays", async () => {
    const before = JSON.stringify(await m.seed.db.member.findMany({ where: { organizationId: ctx.a.id }, orderBy: { id: "asc" } }));
    const invitations = await m.seed.db.invitation.count({ where: { organizationId: ctx.a.id } });
    const admin = ctx.a.members.admin;
    const failures: string[] = [];
    for (const headers of [{ authorization: `Bearer ${admin.apiToken}` }, { cookie: admin.cookie }] as Record<string, string>[]) {
      const attempts: [TMethod, string, unknown, number][] = [
        ["PATCH", `/members/${ctx.a.members.owner.memberId}`, { role: "viewer" }, 403],
        ["DELETE", `/members/${ctx.a.members.owner.memberId}`, undefined, 403],
        ["PATCH", `/members/${admin.memberId}`, { role: "owner" }, 403],
        ["PATCH", `/members/${ctx.a.members.viewer.memberId}`, { role: "owner" }, 403],
        ["POST", "/invitations", { email: `boss${ctx.n()}@example.test`, role: "owner" }, 403],
      ];
      for (const [method, path, body, status] of attempts) {
        const response = await send(method, path, headers, body);
        if (response.status !== status) failures.push(`${Object.keys(headers)[0]} ${method} ${path} ${JSON.stringify(body)}: ${response.status} (${(await response.text()).slice(0, 120)})`);
      }
    }
    // The only owner demoting themselves: refused (409), by token and by session.
    for (const headers of [{ authorization: `Bearer ${ctx.a.members.owner.apiToken}` }, { cookie: ctx.a.members.owner.cookie }] as Record<string, string>[]) {
      const response = await send("PATCH", `/members/${ctx.a.members.owner.memberId}`, headers, { role: "admin" });
      if (response.status !== 409) failures.push(`last owner demoting themselves: ${response.status}`);
    }
    expect(failures).toEqual([]);
    expect(JSON.stringify(await m.seed.db.member.findMany({ where: { organizationId: ctx.a.id }, orderBy: { id: "asc" } }))).toBe(before);
    expect(await m.seed.db.invitation.count({ where: { organizationId: ctx.a.id } })).toBe(invitations);
  });
});

describe("REST: an API token never outranks its creator today", () => {
  it("an admin token acts as a viewer once its creator is demoted to viewer, and stops when they leave", async () => {
    const member = await freshMember(fresh(ctx), ctx.a, "admin");
    const { token } = await createApiToken(m.seed.db, ctx.a.id, { name: `demoted ${ctx.n()}`, role: "admin", createdByUserId: member.userId, creatorRole: "admin" }, SYSTEM_ACTOR);
    const headers = { authorization: `Bearer ${token}` };
    expect((await send("POST", "/hosts", headers, hostBody(`demoted${ctx.n()}.alpha.test`))).status).toBe(201);
    await m.seed.db.member.update({ where: { id: member.memberId }, data: { role: "viewer" } });
    expect((await send("POST", "/hosts", headers, hostBody(`demoted${ctx.n()}.alpha.test`))).status).toBe(403);
    expect((await send("GET", "/hosts", headers)).status).toBe(200);
    await m.seed.db.member.delete({ where: { id: member.memberId } });
    expect((await send("GET", "/hosts", headers)).status).toBe(401);
  });
});

describe("better-auth's own organization endpoints (its role model, not PERMISSIONS) are closed over HTTP", () => {
  it("every /api/auth/organization/* endpoint answers 404 to A's owner, even aimed at B, and nothing changes", async () => {
    const { organization } = await import("better-auth/plugins");
    const endpoints = Object.values(organization().endpoints).flatMap((endpoint) => {
      const { path, options } = endpoint as { path?: string; options?: { method?: string | string[] } };
      const method = Array.isArray(options?.method) ? options.method[0] : options?.method;
      return path ? [{ path, method: method ?? "POST" }] : []; // no path: server-only (auth.api.*)
    });
    expect(endpoints.length).toBeGreaterThan(15);
    const before = await orgBState();
    const owner = ctx.a.members.owner;
    const activeOrganizations = () => m.seed.db.session.findMany({ where: { userId: owner.userId }, orderBy: { id: "asc" }, select: { id: true, activeOrganizationId: true } });
    const sessionsBefore = await activeOrganizations();
    const failures: string[] = [];
    for (const { path, method } of endpoints) {
      const body = { organizationId: ctx.b.id, organizationSlug: ctx.b.slug, memberIdOrEmail: ctx.b.members.owner.email, memberId: ctx.b.members.owner.memberId, role: "owner", email: owner.email, invitationId: ctx.b.invitationId, userId: owner.userId, name: "x", slug: "x" };
      const url = `${m.stack.webUrl}/api/auth${path}${method === "GET" ? `?organizationId=${ctx.b.id}&organizationSlug=${ctx.b.slug}` : ""}`;
      const response = await fetch(url, {
        method,
        headers: { cookie: owner.cookie, origin: m.stack.webUrl, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
        body: method === "GET" ? undefined : JSON.stringify(body),
      });
      if (response.status !== 404) failures.push(`${method} ${path}: ${response.status} ${(await response.text()).slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    expect(await orgBState()).toBe(before);
    expect(await activeOrganizations()).toEqual(sessionsBefore);
  });
});

describe("sign-in throttling (better-auth: 3 attempts per 10 s per client address)", () => {
  // Not the role matrix, but what protects every role's password: the limiter keys on the client
  // address, which better-auth reads from X-Forwarded-For by default. A client that picks its own
  // X-Forwarded-For must not get a fresh allowance per request.
  it("a client cannot reset its allowance by sending a different X-Forwarded-For each time", async () => {
    const attempt = async (forwardedFor?: string) =>
      (
        await fetch(`${m.stack.webUrl}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: m.stack.webUrl, ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}) },
          body: JSON.stringify({ email: ctx.b.members.owner.email, password: "wrong password" }),
        })
      ).status;
    // Control: the same client (no header) is throttled after 3 attempts.
    const plain: number[] = [];
    for (let i = 0; i < 4; i++) plain.push(await attempt());
    expect(plain, "the limiter works for a client that sends no X-Forwarded-For").toContain(429);
    const spoofed: number[] = [];
    for (let i = 0; i < 6; i++) spoofed.push(await attempt(`198.51.100.${i + 1}`));
    expect(spoofed, `while throttled without the header (${plain.join(",")}), attempts with a new X-Forwarded-For each answered`).toContain(429);
  });
});

describe("REST: a record of A cannot point at a record of B", () => {
  it("a host naming B's upstream or B's certificate is refused, for A's owner token, and nothing is created", async () => {
    const headers = { authorization: `Bearer ${ctx.a.members.owner.apiToken}` };
    const hosts = await m.seed.db.host.count({ where: { organizationId: ctx.a.id } });
    const viaUpstream = { domains: [`ref${ctx.n()}.alpha.test`], locations: [{ path: "/", action: { type: "proxy", upstreamId: ctx.b.upstreamId } }] };
    const viaCertificate = { ...hostBody(`cert.${ctx.b.slug}.test`), tls: { mode: "certificate", certificateId: ctx.b.certificateId } };
    for (const body of [viaUpstream, viaCertificate]) {
      const created = await send("POST", "/hosts", headers, body);
      expect(created.status, JSON.stringify(body)).toBe(400);
      const updated = await send("PUT", `/hosts/${ctx.a.hostId}`, headers, { ...body, domains: [`www.${ctx.a.slug}.test`] });
      expect(updated.status, JSON.stringify(body)).toBe(400);
    }
    expect(await m.seed.db.host.count({ where: { organizationId: ctx.a.id } })).toBe(hosts);
    expect((await m.seed.db.location.findMany({ where: { organizationId: ctx.a.id, upstreamId: ctx.b.upstreamId } })).length).toBe(0);
  });
});
