import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { can, ROLES } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSeededOrg } from "../../harness/seed-organizations.ts";
import { ACTIONS, db, keyOf, orgRows, pagePathOf, type TCtx, type TOrgActionSpec } from "./action-specs.ts";
import { freshInvitation } from "./fresh-records.ts";
import { startMatrixStack, type TMatrixStack } from "./matrix-stack.ts";
import { buildActions, callAction, formOf, type TActionResult, type TManifestAction } from "./next-actions.ts";

// The server-action half of the authorization matrix, over Next's real action protocol (see
// next-actions.ts): every action of the build's server-reference manifest is in action-specs.ts; each
// organization action is called as each role of A (expected allowed iff can(role, permission), judged by
// what changed in the database, not only by the answer), then with forged arguments: B's slug with B's
// records, and A's slug with B's record ids. B must stay unchanged.

const FORBIDDEN = "does not allow";
const NOT_A_MEMBER = "does not exist, or you are not a member";
const NOT_INSTANCE_OWNER = "Only the instance owner";

let m: TMatrixStack;
let ctx: TCtx;
let actions: TManifestAction[];
let counter = 0;

const messageOf = (result: TActionResult): string => {
  const value = result.value as { message?: unknown } | undefined;
  if (value && typeof value.message === "string") return value.message;
  return /"message":"([^"]*)"/.exec(result.raw)?.[1] ?? "";
};
const okOf = (result: TActionResult): boolean | undefined => (result.value as { ok?: boolean } | undefined)?.ok;

function actionOf(key: string): TManifestAction {
  const action = actions.find((candidate) => keyOf(candidate) === key);
  if (!action) throw new Error(`no action ${key} in the build`);
  return action;
}

async function call(key: string, cookie: string | undefined, args: unknown[], org: TSeededOrg): Promise<TActionResult> {
  const action = actionOf(key);
  return callAction({ webUrl: m.stack.webUrl, pagePath: pagePathOf(action, org), actionId: action.id, args, cookie });
}

beforeAll(async () => {
  m = await startMatrixStack();
  actions = buildActions();
  const { a, b } = m.seed;
  const exported = await fetch(`${m.stack.webUrl}/api/v1/organization/export?org=${a.slug}`, { headers: { cookie: a.members.owner.cookie } });
  expect(exported.status).toBe(200);
  ctx = { m, a, b, f: { db: m.seed.db, secret: m.seed.secret, n: () => ++counter }, exportOfA: await exported.text() };
});

afterAll(async () => {
  await m?.stop();
});

/** `file#export` (as keyOf names them) of every function a "use server" file under apps/web/src exports: each is callable by id once a page uses it. */
function sourceActions(): string[] {
  const src = join(import.meta.dirname, "../../../apps/web/src");
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((file) => /\.tsx?$/.test(file) && !file.includes(".test."));
  return files.flatMap((file) => {
    const source = readFileSync(join(src, file), "utf8");
    if (!/^\s*["']use server["']/.test(source)) return [];
    const filename = `apps/web/src/${file.split(sep).join("/")}`;
    return [...source.matchAll(/^export\s+(?:const|(?:async\s+)?function)\s+(\w+)/gm)].map((match) => keyOf({ id: "", filename, exportedName: match[1]!, pages: [] }));
  });
}

describe("server actions: every action of the build is in the matrix", () => {
  it("has an entry for each action in the server-reference manifest and each export of a \"use server\" file, and none for actions that are gone", () => {
    const keys = actions.map(keyOf);
    expect(keys.filter((key) => !(key in ACTIONS)), "actions of the build the matrix does not cover").toEqual([]);
    expect(sourceActions().filter((key) => !(key in ACTIONS)), "exported server functions the matrix does not cover").toEqual([]);
    expect(Object.keys(ACTIONS).filter((key) => !keys.includes(key)), "entries for actions that no longer exist").toEqual([]);
  });
});

const orgSpecs = () => Object.entries(ACTIONS).filter((entry): entry is [string, TOrgActionSpec] => entry[1].kind === "org");

describe("server actions: each role of A, in A", () => {
  for (const [key, spec] of Object.entries(ACTIONS)) {
    if (spec.kind !== "org") continue;
    it(`${key} (${spec.permission})`, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const cookie = spec.caller ? await spec.caller(ctx, ctx.a, role) : ctx.a.members[role].cookie;
        const target = await spec.target(ctx, ctx.a);
        const before = JSON.stringify(await target.state());
        const result = await call(key, cookie, [ctx.a.slug, spec.previous ?? { ok: true }, formOf(target.fields)], ctx.a);
        const changed = JSON.stringify(await target.state()) !== before;
        const allowed = can(role, spec.permission);
        const message = messageOf(result);
        if (result.status >= 500) failures.push(`${role}: HTTP ${result.status} ${result.raw.slice(0, 200)}`);
        if (allowed && spec.changes && !changed) failures.push(`${role} (allowed): nothing changed; answer: ${result.redirect ?? message}`);
        if (allowed && message.includes(FORBIDDEN)) failures.push(`${role} (allowed): refused: ${message}`);
        if (!allowed && changed) failures.push(`${role} (refused): the data changed`);
        if (!allowed && !message.includes(FORBIDDEN)) failures.push(`${role} (refused): answer was not the refusal: ${result.redirect ?? message}`);
      }
      expect(failures).toEqual([]);
    });
  }
});

describe("server actions: forged arguments never reach organization B", () => {
  it("B's slug bound with B's records: not found for every role of A, and B unchanged", async () => {
    const failures: string[] = [];
    for (const [key, spec] of orgSpecs()) {
      for (const role of ROLES) {
        const cookie = spec.caller ? await spec.caller(ctx, ctx.a, role) : ctx.a.members[role].cookie;
        const target = await spec.target(ctx, ctx.b);
        const before = JSON.stringify(await target.state());
        const result = await call(key, cookie, [ctx.b.slug, spec.previous ?? { ok: true }, formOf(target.fields)], ctx.a);
        if (JSON.stringify(await target.state()) !== before) failures.push(`${key} as a:${role} with B's slug changed B`);
        if (!messageOf(result).includes(NOT_A_MEMBER)) failures.push(`${key} as a:${role} with B's slug answered: ${result.redirect ?? messageOf(result) ?? result.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("A's slug with B's record ids: B unchanged for every role of A", async () => {
    const failures: string[] = [];
    let probes = 0;
    for (const [key, spec] of orgSpecs()) {
      for (const role of ROLES) {
        if (!can(role, spec.permission)) continue; // refused before any id is read (the table above)
        const cookie = spec.caller ? await spec.caller(ctx, ctx.a, role) : ctx.a.members[role].cookie;
        const target = await spec.target(ctx, ctx.b);
        if (!("id" in target.fields)) continue;
        probes++;
        const before = JSON.stringify(await target.state());
        const result = await call(key, cookie, [ctx.a.slug, spec.previous ?? { ok: true }, formOf(target.fields)], ctx.a);
        if (JSON.stringify(await target.state()) !== before) failures.push(`${key} as a:${role} with B's id ${target.fields.id} changed it`);
        if (okOf(result) === true || result.redirect) failures.push(`${key} as a:${role} with B's id answered success: ${result.redirect ?? messageOf(result)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(0);
  });

  it("a call from another site (Origin of another host) with the owner's cookie changes nothing", async () => {
    const spec = ACTIONS["hosts/actions.ts#createHost"] as TOrgActionSpec;
    const target = await spec.target(ctx, ctx.a);
    const before = JSON.stringify(await target.state());
    const action = actionOf("hosts/actions.ts#createHost");
    const result = await callAction({ webUrl: m.stack.webUrl, pagePath: pagePathOf(action, ctx.a), actionId: action.id, args: [ctx.a.slug, { ok: true }, formOf(target.fields)], cookie: ctx.a.members.owner.cookie, origin: "https://evil.example" });
    expect(result.redirect).toBeNull();
    expect(JSON.stringify(await target.state())).toBe(before);
  });

  it("a slug that is not a string names no organization", async () => {
    const target = await (ACTIONS["hosts/actions.ts#createHost"] as TOrgActionSpec).target(ctx, ctx.a);
    for (const slug of [[ctx.a.slug], { toString: ctx.a.slug }, null]) {
      const before = JSON.stringify(await target.state());
      const result = await call("hosts/actions.ts#createHost", ctx.a.members.owner.cookie, [slug, { ok: true }, formOf(target.fields)], ctx.a);
      expect(JSON.stringify(await target.state()), JSON.stringify(slug)).toBe(before);
      expect(messageOf(result), JSON.stringify(slug)).toContain(NOT_A_MEMBER);
    }
  });

  it("signed out, every organization action refuses and changes nothing", async () => {
    const failures: string[] = [];
    for (const [key, spec] of orgSpecs()) {
      const target = await spec.target(ctx, ctx.a);
      const before = JSON.stringify(await target.state());
      const result = await call(key, undefined, [ctx.a.slug, spec.previous ?? { ok: true }, formOf(target.fields)], ctx.a);
      if (JSON.stringify(await target.state()) !== before) failures.push(`${key} signed out changed A`);
      if (okOf(result) === true) failures.push(`${key} signed out answered ok`);
    }
    expect(failures).toEqual([]);
  });
});

describe("server actions: nobody grants or touches a role above their own", () => {
  it("an admin cannot make an owner token, invite an owner, promote anyone to owner, remove an owner or touch an owner's invitation", async () => {
    const admin = ctx.a.members.admin;
    const ownerInvitation = await freshInvitation(ctx.f, ctx.a, `hash-owner-${ctx.f.n()}`, "owner");
    const before = JSON.stringify(await orgRows(ctx, ctx.a)());
    const attempts: [string, Record<string, string>][] = [
      ["api-tokens/actions.ts#createApiTokenAction", { name: "escalate", role: "owner", expiresAt: "" }],
      ["members/actions.ts#inviteMemberAction", { email: "boss@example.test", role: "owner", expiresInDays: "7" }],
      ["members/actions.ts#changeMemberRoleAction", { id: admin.memberId, role: "owner" }],
      ["members/actions.ts#changeMemberRoleAction", { id: ctx.a.members.owner.memberId, role: "viewer" }],
      ["members/actions.ts#removeMemberAction", { id: ctx.a.members.owner.memberId }],
      ["members/actions.ts#resendInvitationAction", { id: ownerInvitation }],
      ["members/actions.ts#revokeInvitationAction", { id: ownerInvitation }],
    ];
    for (const [key, fields] of attempts) {
      const result = await call(key, admin.cookie, [ctx.a.slug, { ok: true }, formOf(fields)], ctx.a);
      expect(okOf(result), `${key} ${JSON.stringify(fields)}`).toBe(false);
    }
    expect(JSON.stringify(await orgRows(ctx, ctx.a)())).toBe(before);
  });
});

describe("server actions: instance-wide actions are the instance owner's alone", () => {
  const instanceState = async () =>
    JSON.stringify({
      settings: await db(ctx).instanceSettings.findMany(),
      organizations: await db(ctx).organization.count(),
      acme: await db(ctx).acmeAccount.findMany(),
    });

  it("every organization role of A and B, and a user of no organization, is refused and changes nothing", async () => {
    const failures: string[] = [];
    const callers = [...ROLES.flatMap((role) => [ctx.a.members[role], ctx.b.members[role]]).map((member) => [`${member.email}`, member.cookie] as const), ["outsider", m.outsider.cookie] as const];
    for (const [key, spec] of Object.entries(ACTIONS)) {
      if (spec.kind !== "instance-owner") continue;
      for (const [label, cookie] of callers) {
        const before = await instanceState();
        const result = await call(key, cookie, [{ ok: true }, formOf({ name: `Forged ${counter++}`, registration: "open" })], ctx.a);
        if ((await instanceState()) !== before) failures.push(`${key} as ${label} changed instance state`);
        if (!messageOf(result).includes(NOT_INSTANCE_OWNER)) failures.push(`${key} as ${label}: ${result.redirect ?? messageOf(result)}`);
      }
      // The instance owner gets past authorization (the form may still need other fields).
      const own = await call(key, m.instanceOwner.cookie, [{ ok: true }, formOf({})], ctx.a);
      if (messageOf(own).includes(NOT_INSTANCE_OWNER)) failures.push(`${key}: the instance owner was refused`);
    }
    expect(failures).toEqual([]);
  });
});

describe("server actions: the signed-in and public actions act on the caller only", () => {
  it("revokeSession with another user's session id leaves that session alive", async () => {
    const victim = await db(ctx).session.findFirstOrThrow({ where: { userId: ctx.b.members.owner.userId } });
    const result = await call("account/actions.ts#revokeSession", ctx.a.members.owner.cookie, [{ ok: true }, formOf({ sessionId: victim.id })], ctx.a);
    expect(okOf(result)).not.toBe(true);
    expect(await db(ctx).session.findUnique({ where: { id: victim.id } })).not.toBeNull();
  });

  it("acceptInvitation with B's invitation link made out to someone else: no membership for the caller", async () => {
    const token = randomBytes(32).toString("base64url");
    await freshInvitation(ctx.f, ctx.b, createHash("sha256").update(token).digest("hex"));
    const caller = ctx.a.members.viewer;
    const result = await call("invitations/actions.ts#acceptInvitationAction", caller.cookie, [{ ok: true }, formOf({ token })], ctx.a);
    expect(result.redirect).toBeNull();
    expect(await db(ctx).member.findFirst({ where: { userId: caller.userId, organizationId: ctx.b.id } })).toBeNull();
  });

  it("signUp while registration is invite-only (the default) creates no account", async () => {
    const users = await db(ctx).user.count();
    const result = await call("auth/actions.ts#signUp", undefined, [{ ok: true }, formOf({ name: "Walk In", email: "walkin@example.test", password: "correct horse battery staple" })], ctx.a);
    expect(result.redirect).toBeNull();
    expect(await db(ctx).user.count()).toBe(users);
  });

  it("setup after setup creates no second owner", async () => {
    const users = await db(ctx).user.count();
    const result = await call("setup/actions.ts#setupOwner", undefined, [{ ok: true }, formOf({ name: "Mallory", email: "mallory@evil.test", password: "correct horse battery staple", organizationName: "Evil" })], ctx.a);
    expect(result.redirect).toBeNull();
    expect(await db(ctx).user.count()).toBe(users);
  });
});
