import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { createSecretBox, orgCertificates, orgHosts, orgUpstreams } from "@gatehouse/db";
import type { TPermission } from "@gatehouse/shared";
import { generateSelfSigned } from "../../../packages/db/src/certificates/self-signed.ts";
import type { TSeededOrg } from "../../harness/seed-organizations.ts";
import { freshCertificate, freshHost, freshInvitation, freshMember, freshUpstream, hostInput, type TFresh } from "./fresh-records.ts";
import type { TMatrixStack } from "./matrix-stack.ts";

// The REST surface as the matrix sees it: each /api/v1 route file, its methods, who may call each
// (the permission it needs), a call on organization A that has a visible effect, and for /{id}
// routes how to aim the same call at a record of organization B.

export const API_DIR = join(import.meta.dirname, "../../../apps/web/src/app/api/v1");
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type TMethod = (typeof METHODS)[number];

/** Who may call an endpoint, as the route's wrapper decides it. */
export type TAccess =
  | { kind: "org"; permission: TPermission } // orgApiRoute: API token or session (active organization)
  | { kind: "org-session"; permission: TPermission } // a session-only organization route (GUI downloads)
  | { kind: "instance-owner" } // instanceOwnerRoute: 404 for everyone else
  | { kind: "proxy-node" } // proxyNodeRoute: a node token only
  | { kind: "public" };

export type TCtx = { m: TMatrixStack; a: TSeededOrg; b: TSeededOrg; n: () => number };

export type TEndpoint = {
  access: TAccess;
  /** Status of an allowed call (a 400 from validation still proves the caller got past authorization). */
  allowed: number;
  /** Builds the call on organization A; may create a fresh target (e.g. a record to delete). */
  request: (ctx: TCtx) => Promise<{ path: string; body?: unknown; state?: () => Promise<unknown> }>;
  /** Whether an allowed call changes `state` (refused calls never may). */
  changes?: boolean;
};

export type TRoute = {
  endpoints: Partial<Record<TMethod, TEndpoint>>;
  /** For /{id} routes: the same path with an id of organization B, and a snapshot of that record. */
  foreignId?: (b: TSeededOrg) => string;
  path?: (id: string) => string;
  bodyFor?: (ctx: TCtx) => unknown;
};

export const hostBody = hostInput;
const upstreamBody = (name: string) => ({ name, targets: [{ url: "http://10.0.0.9:8080" }] });

const hostsOf = (ctx: TCtx, org: TSeededOrg) => orgHosts(ctx.m.seed.db, org.id).list();
const upstreamsOf = (ctx: TCtx, org: TSeededOrg) => orgUpstreams(ctx.m.seed.db, org.id).list();
const certificatesOf = (ctx: TCtx, org: TSeededOrg) => orgCertificates(ctx.m.seed.db, org.id, createSecretBox(ctx.m.seed.secret)).list();
const exists = async (read: () => Promise<unknown>) => read().then(() => true, () => false);

export const fresh = (ctx: TCtx): TFresh => ({ db: ctx.m.seed.db, secret: ctx.m.seed.secret, n: ctx.n });
const memberOf = (ctx: TCtx, id: string) => ctx.m.seed.db.member.findUnique({ where: { id } });
const invitationOf = (ctx: TCtx, id: string) => ctx.m.seed.db.invitation.findUnique({ where: { id } });

/** Every route file under /api/v1, by its path relative to that folder. A file missing here fails the suite. */
export const ROUTES: Record<string, TRoute> = {
  "hosts/route.ts": {
    endpoints: {
      GET: { access: { kind: "org", permission: "host:read" }, allowed: 200, request: async () => ({ path: "/hosts" }) },
      POST: {
        access: { kind: "org", permission: "host:write" },
        allowed: 201,
        changes: true,
        request: async (ctx) => ({ path: "/hosts", body: hostBody(`new${ctx.n()}.alpha.test`), state: () => hostsOf(ctx, ctx.a) }),
      },
    },
  },
  "hosts/[id]/route.ts": {
    foreignId: (b) => b.hostId,
    path: (id) => `/hosts/${id}`,
    bodyFor: (ctx) => hostBody(`stolen${ctx.n()}.alpha.test`),
    endpoints: {
      GET: { access: { kind: "org", permission: "host:read" }, allowed: 200, request: async (ctx) => ({ path: `/hosts/${ctx.a.hostId}` }) },
      PUT: {
        access: { kind: "org", permission: "host:write" },
        allowed: 200,
        changes: true,
        request: async (ctx) => {
          const id = await freshHost(fresh(ctx), ctx.a);
          return { path: `/hosts/${id}`, body: hostBody(`put${ctx.n()}.alpha.test`), state: () => orgHosts(ctx.m.seed.db, ctx.a.id).get(id) };
        },
      },
      DELETE: {
        access: { kind: "org", permission: "host:write" },
        allowed: 204,
        changes: true,
        request: async (ctx) => {
          const id = await freshHost(fresh(ctx), ctx.a);
          return { path: `/hosts/${id}`, state: () => exists(() => orgHosts(ctx.m.seed.db, ctx.a.id).get(id)) };
        },
      },
    },
  },
  "upstreams/route.ts": {
    endpoints: {
      GET: { access: { kind: "org", permission: "upstream:read" }, allowed: 200, request: async () => ({ path: "/upstreams" }) },
      POST: {
        access: { kind: "org", permission: "upstream:write" },
        allowed: 201,
        changes: true,
        request: async (ctx) => ({ path: "/upstreams", body: upstreamBody(`new-${ctx.n()}`), state: () => upstreamsOf(ctx, ctx.a) }),
      },
    },
  },
  "upstreams/[id]/route.ts": {
    foreignId: (b) => b.upstreamId,
    path: (id) => `/upstreams/${id}`,
    bodyFor: (ctx) => upstreamBody(`stolen-${ctx.n()}`),
    endpoints: {
      GET: { access: { kind: "org", permission: "upstream:read" }, allowed: 200, request: async (ctx) => ({ path: `/upstreams/${ctx.a.upstreamId}` }) },
      PUT: {
        access: { kind: "org", permission: "upstream:write" },
        allowed: 200,
        changes: true,
        request: async (ctx) => {
          const id = await freshUpstream(fresh(ctx), ctx.a);
          return { path: `/upstreams/${id}`, body: upstreamBody(`put-${ctx.n()}`), state: () => orgUpstreams(ctx.m.seed.db, ctx.a.id).get(id) };
        },
      },
      DELETE: {
        access: { kind: "org", permission: "upstream:write" },
        allowed: 204,
        changes: true,
        request: async (ctx) => {
          const id = await freshUpstream(fresh(ctx), ctx.a);
          return { path: `/upstreams/${id}`, state: () => exists(() => orgUpstreams(ctx.m.seed.db, ctx.a.id).get(id)) };
        },
      },
    },
  },
  "certificates/route.ts": {
    endpoints: {
      GET: { access: { kind: "org", permission: "certificate:read" }, allowed: 200, request: async () => ({ path: "/certificates" }) },
      POST: {
        access: { kind: "org", permission: "certificate:write" },
        allowed: 201,
        changes: true,
        request: async (ctx) => {
          const { certificatePem, privateKeyPem } = await generateSelfSigned([`upload${ctx.n()}.alpha.test`], 30, new Date());
          return { path: "/certificates", body: { certificatePem, privateKeyPem }, state: () => certificatesOf(ctx, ctx.a) };
        },
      },
    },
  },
  "certificates/[id]/route.ts": {
    foreignId: (b) => b.certificateId,
    path: (id) => `/certificates/${id}`,
    endpoints: {
      GET: { access: { kind: "org", permission: "certificate:read" }, allowed: 200, request: async (ctx) => ({ path: `/certificates/${ctx.a.certificateId}` }) },
      DELETE: {
        access: { kind: "org", permission: "certificate:write" },
        allowed: 204,
        changes: true,
        request: async (ctx) => {
          const id = await freshCertificate(fresh(ctx), ctx.a);
          return { path: `/certificates/${id}`, state: () => exists(() => orgCertificates(ctx.m.seed.db, ctx.a.id, createSecretBox(ctx.m.seed.secret)).get(id)) };
        },
      },
    },
  },
  "members/route.ts": {
    endpoints: { GET: { access: { kind: "org", permission: "member:read" }, allowed: 200, request: async () => ({ path: "/members" }) } },
  },
  "members/[id]/route.ts": {
    foreignId: (b) => b.members.viewer.memberId,
    path: (id) => `/members/${id}`,
    bodyFor: () => ({ role: "editor" }),
    endpoints: {
      GET: { access: { kind: "org", permission: "member:read" }, allowed: 200, request: async (ctx) => ({ path: `/members/${ctx.a.members.viewer.memberId}` }) },
      PATCH: {
        access: { kind: "org", permission: "member:write" },
        allowed: 200,
        changes: true,
        request: async (ctx) => {
          const { memberId: id } = await freshMember(fresh(ctx), ctx.a);
          return { path: `/members/${id}`, body: { role: "editor" }, state: () => memberOf(ctx, id) };
        },
      },
      DELETE: {
        access: { kind: "org", permission: "member:write" },
        allowed: 204,
        changes: true,
        request: async (ctx) => {
          const { memberId: id } = await freshMember(fresh(ctx), ctx.a);
          return { path: `/members/${id}`, state: () => memberOf(ctx, id) };
        },
      },
    },
  },
  "invitations/route.ts": {
    endpoints: {
      GET: { access: { kind: "org", permission: "member:write" }, allowed: 200, request: async () => ({ path: "/invitations" }) },
      POST: {
        access: { kind: "org", permission: "member:write" },
        allowed: 201,
        changes: true,
        request: async (ctx) => ({
          path: "/invitations",
          body: { email: `new${ctx.n()}@example.test`, role: "viewer" },
          state: () => ctx.m.seed.db.invitation.count({ where: { organizationId: ctx.a.id } }),
        }),
      },
    },
  },
  "invitations/[id]/route.ts": {
    foreignId: (b) => b.invitationId,
    path: (id) => `/invitations/${id}`,
    endpoints: {
      DELETE: {
        access: { kind: "org", permission: "member:write" },
        allowed: 204,
        changes: true,
        request: async (ctx) => {
          const id = await freshInvitation(fresh(ctx), ctx.a);
          return { path: `/invitations/${id}`, state: () => invitationOf(ctx, id) };
        },
      },
    },
  },
  "invitations/[id]/resend/route.ts": {
    foreignId: (b) => b.invitationId,
    path: (id) => `/invitations/${id}/resend`,
    endpoints: {
      POST: {
        access: { kind: "org", permission: "member:write" },
        allowed: 200,
        changes: true,
        request: async (ctx) => {
          const id = await freshInvitation(fresh(ctx), ctx.a);
          // No body is needed, but a session POST must be JSON (the API's CSRF rule) before anything else is checked.
          return { path: `/invitations/${id}/resend`, body: {}, state: () => invitationOf(ctx, id) };
        },
      },
    },
  },
  "organization/export/route.ts": {
    endpoints: {
      GET: { access: { kind: "org-session", permission: "organization:transfer" }, allowed: 200, request: async (ctx) => ({ path: `/organization/export?org=${ctx.a.slug}` }) },
    },
  },
  "instance/backup/route.ts": {
    endpoints: { GET: { access: { kind: "instance-owner" }, allowed: 200, request: async () => ({ path: "/instance/backup" }) } },
  },
  "proxy/config/route.ts": {
    endpoints: { GET: { access: { kind: "proxy-node" }, allowed: 200, request: async () => ({ path: "/proxy/config" }) } },
  },
  "proxy/report/route.ts": {
    endpoints: { POST: { access: { kind: "proxy-node" }, allowed: 200, request: async () => ({ path: "/proxy/report", body: {} }) } },
  },
  "openapi.json/route.ts": {
    endpoints: { GET: { access: { kind: "public" }, allowed: 200, request: async () => ({ path: "/openapi.json" }) } },
  },
};

export function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [relative(API_DIR, full)] : [];
  });
}

/** The HTTP methods a route file exports (`export const GET =` or `export (async) function GET`). */
export function exportedMethods(file: string): TMethod[] {
  const source = readFileSync(join(API_DIR, file), "utf8");
  return METHODS.filter((method) => new RegExp(`export\\s+(const|(async\\s+)?function)\\s+${method}\\b|export\\s+const\\s+\\{[^}]*\\b${method}\\b`).test(source));
}
