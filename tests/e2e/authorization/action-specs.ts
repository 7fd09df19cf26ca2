import { generateSelfSigned } from "../../../packages/db/src/certificates/self-signed.ts";
import type { TPermission, TRole } from "@gatehouse/shared";
import type { TSeededOrg } from "../../harness/seed-organizations.ts";
import { freshCertificate, freshHost, freshInvitation, freshMember, freshToken, freshUpstream, type TFresh } from "./fresh-records.ts";
import type { TMatrixStack } from "./matrix-stack.ts";
import type { TManifestAction } from "./next-actions.ts";

// The server actions as the matrix sees them: each action of the build by `file#export`, who may call
// it (the permission it needs), the form a member would submit on a fresh target, and what it changes.

export type TTarget = { fields: Record<string, string>; state: () => Promise<unknown> };
/** `exportOfA`: organization A's export document, taken over REST by A's owner before the tests. */
export type TCtx = { m: TMatrixStack; a: TSeededOrg; b: TSeededOrg; f: TFresh; exportOfA: string };

export type TOrgActionSpec = {
  kind: "org";
  permission: TPermission;
  /** The form a member of `org` would submit, on a fresh target of `org`, and what it would change. */
  target: (ctx: TCtx, org: TSeededOrg) => Promise<TTarget>;
  /** Whether an allowed call changes the state (a validation refusal after authorization does not). */
  changes: boolean;
  /** The session that calls it as `role` (default: the seeded member); leaving needs a disposable member. */
  caller?: (ctx: TCtx, org: TSeededOrg, role: TRole) => Promise<string>;
  /** The state argument useActionState passes first (default: the initial form state). */
  previous?: unknown;
};
export type TOtherSpec = { kind: "instance-owner" | "signed-in" | "public"; note: string };
export type TSpec = TOrgActionSpec | TOtherSpec;

const hostFields = (domain: string): Record<string, string> => ({
  domains: domain,
  enabled: "on",
  "locations.0.path": "/",
  "locations.0.action.kind": "backend",
  "locations.0.action.backendUrl": "http://10.0.0.5:8080",
});
const upstreamFields = (name: string): Record<string, string> => ({ name, policy: "round-robin", "targets.0.url": "http://10.0.0.9:8080", "targets.0.weight": "1" });

export const db = (ctx: TCtx) => ctx.m.seed.db;
const hostState = (ctx: TCtx, id: string) => () => db(ctx).host.findUnique({ where: { id }, include: { domains: true } });
const upstreamState = (ctx: TCtx, id: string) => () => db(ctx).upstream.findUnique({ where: { id }, include: { targets: true } });
const certificateState = (ctx: TCtx, id: string) => () => db(ctx).certificate.findUnique({ where: { id } });
export const orgRows = (ctx: TCtx, org: TSeededOrg) => async () => ({
  hosts: await db(ctx).host.findMany({ where: { organizationId: org.id }, orderBy: { id: "asc" } }),
  upstreams: await db(ctx).upstream.findMany({ where: { organizationId: org.id }, orderBy: { id: "asc" } }),
  certificates: await db(ctx).certificate.count({ where: { organizationId: org.id } }),
  tokens: await db(ctx).apiToken.findMany({ where: { organizationId: org.id }, orderBy: { id: "asc" }, select: { id: true, revokedAt: true } }),
  members: await db(ctx).member.findMany({ where: { organizationId: org.id }, orderBy: { id: "asc" } }),
  invitations: await db(ctx).invitation.findMany({ where: { organizationId: org.id }, orderBy: { id: "asc" } }),
});

/** Every server action of the build, by `file#export`. A manifest entry missing here fails the suite. */
export const ACTIONS: Record<string, TSpec> = {
  "hosts/actions.ts#createHost": {
    kind: "org",
    permission: "host:write",
    changes: true,
    target: async (ctx, org) => ({ fields: hostFields(`new${ctx.f.n()}.${org.slug}.test`), state: async () => db(ctx).host.count({ where: { organizationId: org.id } }) }),
  },
  "hosts/actions.ts#updateHost": {
    kind: "org",
    permission: "host:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshHost(ctx.f, org);
      return { fields: { id, ...hostFields(`edited${ctx.f.n()}.${org.slug}.test`) }, state: hostState(ctx, id) };
    },
  },
  "hosts/actions.ts#setHostEnabled": {
    kind: "org",
    permission: "host:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshHost(ctx.f, org);
      return { fields: { id, enabled: "false" }, state: hostState(ctx, id) };
    },
  },
  "hosts/actions.ts#deleteHost": {
    kind: "org",
    permission: "host:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshHost(ctx.f, org);
      return { fields: { id }, state: hostState(ctx, id) };
    },
  },
  "upstreams/actions.ts#createUpstream": {
    kind: "org",
    permission: "upstream:write",
    changes: true,
    target: async (ctx, org) => ({ fields: upstreamFields(`new-${ctx.f.n()}`), state: async () => db(ctx).upstream.count({ where: { organizationId: org.id } }) }),
  },
  "upstreams/actions.ts#updateUpstream": {
    kind: "org",
    permission: "upstream:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshUpstream(ctx.f, org);
      return { fields: { id, ...upstreamFields(`edited-${ctx.f.n()}`) }, state: upstreamState(ctx, id) };
    },
  },
  "upstreams/actions.ts#deleteUpstream": {
    kind: "org",
    permission: "upstream:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshUpstream(ctx.f, org);
      return { fields: { id }, state: upstreamState(ctx, id) };
    },
  },
  "certificates/actions.ts#uploadCertificate": {
    kind: "org",
    permission: "certificate:write",
    changes: true,
    target: async (ctx, org) => {
      const { certificatePem, privateKeyPem } = await generateSelfSigned([`upload${ctx.f.n()}.${org.slug}.test`], 30, new Date());
      return { fields: { name: "", certificatePem, chainPem: "", privateKeyPem }, state: async () => db(ctx).certificate.count({ where: { organizationId: org.id } }) };
    },
  },
  "certificates/actions.ts#createSelfSignedCertificate": {
    kind: "org",
    permission: "certificate:write",
    changes: true,
    target: async (ctx, org) => ({ fields: { domains: `self${ctx.f.n()}.${org.slug}.test`, validityDays: "30" }, state: async () => db(ctx).certificate.count({ where: { organizationId: org.id } }) }),
  },
  // Renewal is for ACME certificates: on a self-signed one the allowed roles get a refusal after authorization.
  "certificates/actions.ts#renewCertificate": {
    kind: "org",
    permission: "certificate:write",
    changes: false,
    target: async (ctx, org) => {
      const id = await freshCertificate(ctx.f, org);
      return { fields: { id }, state: certificateState(ctx, id) };
    },
  },
  "certificates/actions.ts#deleteCertificate": {
    kind: "org",
    permission: "certificate:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshCertificate(ctx.f, org);
      return { fields: { id }, state: certificateState(ctx, id) };
    },
  },
  "api-tokens/actions.ts#createApiTokenAction": {
    kind: "org",
    permission: "token:write",
    changes: true,
    target: async (ctx, org) => ({ fields: { name: `made ${ctx.f.n()}`, role: "viewer", expiresAt: "" }, state: async () => db(ctx).apiToken.count({ where: { organizationId: org.id } }) }),
  },
  "api-tokens/actions.ts#revokeApiTokenAction": {
    kind: "org",
    permission: "token:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshToken(ctx.f, org);
      return { fields: { id }, state: () => db(ctx).apiToken.findUnique({ where: { id }, select: { revokedAt: true } }) };
    },
  },
  "members/actions.ts#changeMemberRoleAction": {
    kind: "org",
    permission: "member:write",
    changes: true,
    target: async (ctx, org) => {
      const { memberId } = await freshMember(ctx.f, org, "viewer");
      return { fields: { id: memberId, role: "editor" }, state: () => db(ctx).member.findUnique({ where: { id: memberId } }) };
    },
  },
  "members/actions.ts#removeMemberAction": {
    kind: "org",
    permission: "member:write",
    changes: true,
    target: async (ctx, org) => {
      const { memberId } = await freshMember(ctx.f, org, "viewer");
      return { fields: { id: memberId }, state: () => db(ctx).member.findUnique({ where: { id: memberId } }) };
    },
  },
  // Leaving removes the caller: each role is played by a disposable member of that role.
  "members/actions.ts#leaveOrganizationAction": {
    kind: "org",
    permission: "member:read",
    changes: true,
    caller: async (ctx, org, role) => (await freshMember(ctx.f, org, role)).cookie,
    target: async (ctx, org) => ({ fields: {}, state: async () => db(ctx).member.count({ where: { organizationId: org.id } }) }),
  },
  "members/actions.ts#inviteMemberAction": {
    kind: "org",
    permission: "member:write",
    changes: true,
    target: async (ctx, org) => ({ fields: { email: `invited${ctx.f.n()}@example.test`, role: "viewer", expiresInDays: "7" }, state: async () => db(ctx).invitation.count({ where: { organizationId: org.id } }) }),
  },
  "members/actions.ts#resendInvitationAction": {
    kind: "org",
    permission: "member:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshInvitation(ctx.f, org);
      return { fields: { id }, state: () => db(ctx).invitation.findUnique({ where: { id } }) };
    },
  },
  "members/actions.ts#revokeInvitationAction": {
    kind: "org",
    permission: "member:write",
    changes: true,
    target: async (ctx, org) => {
      const id = await freshInvitation(ctx.f, org);
      return { fields: { id }, state: () => db(ctx).invitation.findUnique({ where: { id } }) };
    },
  },
  // A's own export applied to A changes nothing new (same records); applied to B it would add them.
  "org-export/actions.ts#importOrganization": {
    kind: "org",
    permission: "organization:transfer",
    changes: false,
    previous: { ok: true, result: null },
    target: async (ctx, org) => ({
      fields: { document: org.key === "a" ? ctx.exportOfA : ctx.exportOfA.replaceAll(`.${ctx.a.slug}.test`, `.forged${ctx.f.n()}.test`).replaceAll(`${ctx.a.slug}-pool`, `forged-pool-${ctx.f.n()}`), mode: org.key === "a" ? "check" : "apply" },
      state: orgRows(ctx, org),
    }),
  },
  "settings/actions.ts#saveInstanceSettings": { kind: "instance-owner", note: "instance settings" },
  "settings/actions.ts#saveAcmeSettings": { kind: "instance-owner", note: "ACME account" },
  "settings/instance-access-actions.ts#saveRegistration": { kind: "instance-owner", note: "registration mode" },
  "settings/instance-access-actions.ts#saveSmtpSettings": { kind: "instance-owner", note: "SMTP settings" },
  "settings/instance-access-actions.ts#sendTestEmail": { kind: "instance-owner", note: "test email" },
  "organizations/actions.ts#createOrganizationAction": { kind: "instance-owner", note: "new organization" },
  "account/actions.ts#changePassword": { kind: "signed-in", note: "own password (better-auth checks the current one)" },
  "account/actions.ts#revokeSession": { kind: "signed-in", note: "own sessions only: tested below with another user's session id" },
  "account/actions.ts#revokeOtherSessions": { kind: "signed-in", note: "own sessions" },
  "account/actions.ts#totpQrCodeSvg": { kind: "signed-in", note: "draws a QR code of the caller's input; no data" },
  "auth/actions.ts#signOut": { kind: "public", note: "ends the caller's own session" },
  "auth/actions.ts#signUp": { kind: "public", note: "open registration only (instance setting)" },
  "invitations/actions.ts#acceptInvitationAction": { kind: "signed-in", note: "only the invited email: tested below" },
  "invitations/actions.ts#signUpWithInvitationAction": { kind: "public", note: "creates the invited email's account" },
  "invitations/actions.ts#signOutToInvitationAction": { kind: "public", note: "signs the caller out" },
  "setup/actions.ts#setupOwner": { kind: "public", note: "first visit only: tested below" },
};

export const keyOf = (action: TManifestAction) => action.filename.replace(/^apps\/web\/src\/features\//, "") + "#" + action.exportedName;

/** The URL of a page the action is registered on: Next resolves the action through that page's bundle. */
export function pagePathOf(action: TManifestAction, org: TSeededOrg): string {
  const page = action.pages[0]!;
  const path = page
    .replace(/^app/, "")
    .replace(/\/page$/, "")
    .replace(/\/\([^)]+\)/g, "")
    .replace("[org]", org.slug)
    .replace("[id]", "x")
    .replace("[token]", "x");
  return path === "" ? "/" : path;
}
