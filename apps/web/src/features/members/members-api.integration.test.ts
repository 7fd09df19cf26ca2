import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApiToken, databaseFile, invitationByToken, orgInvitations, updateInstanceAccess, type Db, type TActor } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import type { TRole } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailText, startSmtpCatcher, type TSmtpCatcher } from "../../../test/smtp-catcher.ts";

// /api/v1/members and /api/v1/invitations through the real route handlers, against a migrated SQLite
// file, with API tokens of two organizations; invitations emailed through a real SMTP server.
const BASE = "http://gatehouse.test/api/v1";
const PUBLIC_URL = "https://gatehouse.example.com";
const ORG_A = "org_a";
const ORG_B = "org_b";
const SMTP_CREDENTIALS = { username: "gatehouse", password: "smtp password 1" };
const TEST_ACTOR: TActor = { userId: null, tokenId: null, label: "test suite", ip: null };

type THandler = (request: Request, route: { params: Promise<{ id: string }> }) => Promise<Response>;
type TRoutes = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", THandler>>;

let dataDir: string;
let db: Db;
let smtp: TSmtpCatcher;
let membersRoute: TRoutes;
let memberRoute: TRoutes;
let invitationsRoute: TRoutes;
let invitationRoute: TRoutes;
let resendRoute: TRoutes;
const memberIds: Record<string, string> = {};

function call(handler: THandler | undefined, url: string, init: { token: string; method?: string; body?: unknown; id?: string }) {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token}` };
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  expect(handler, `${init.method ?? "GET"} ${url}`).toBeDefined();
  return handler!(new Request(`${BASE}${url}`, { method: init.method ?? "GET", headers, body }), { params: Promise.resolve({ id: init.id ?? "" }) });
}

/** A user with `role` in `organizationId`, and an API token they made with that role. */
async function memberWithToken(organizationId: string, key: string, role: TRole): Promise<string> {
  const now = new Date();
  const userId = `user_${key}`;
  await db.user.create({ data: { id: userId, name: `User ${key}`, email: `${key}@example.com`, createdAt: now, updatedAt: now } });
  memberIds[key] = `member_${key}`;
  await db.member.create({ data: { id: memberIds[key], organizationId, userId, role, createdAt: now } });
  const { token } = await createApiToken(db, organizationId, { name: key, role, createdByUserId: userId, creatorRole: role }, TEST_ACTOR);
  return token;
}

let ownerA: string;
let adminA: string;
let viewerA: string;
let ownerB: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-members-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  process.env.GATEHOUSE_PUBLIC_URL = PUBLIC_URL;
  delete process.env.GATEHOUSE_SMTP_URL;
  await applyMigrations(databaseFile(dataDir));

  membersRoute = await import("@/app/api/v1/members/route.ts");
  memberRoute = await import("@/app/api/v1/members/[id]/route.ts");
  invitationsRoute = await import("@/app/api/v1/invitations/route.ts");
  invitationRoute = await import("@/app/api/v1/invitations/[id]/route.ts");
  resendRoute = await import("@/app/api/v1/invitations/[id]/resend/route.ts");
  db = (await import("@/server/db.ts")).getDb();
  smtp = await startSmtpCatcher(SMTP_CREDENTIALS);

  for (const [id, name] of [[ORG_A, "Acme"], [ORG_B, "Bravo"]] as const) {
    await db.organization.create({ data: { id, name, slug: name.toLowerCase(), createdAt: new Date() } });
  }
  ownerA = await memberWithToken(ORG_A, "owner-a", "owner");
  adminA = await memberWithToken(ORG_A, "admin-a", "admin");
  viewerA = await memberWithToken(ORG_A, "viewer-a", "viewer");
  await memberWithToken(ORG_A, "editor-a", "editor");
  ownerB = await memberWithToken(ORG_B, "owner-b", "owner");
  await memberWithToken(ORG_B, "editor-b", "editor");
});

afterAll(async () => {
  await smtp?.close();
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("/api/v1/members", () => {
  it("lists members to every role, and refuses member:write to a viewer token like any other missing permission", async () => {
    const list = await call(membersRoute.GET, "/members", { token: viewerA });
    expect(list.status).toBe(200);
    expect((await list.json()).map((m: { email: string }) => m.email).sort()).toEqual(["admin-a@example.com", "editor-a@example.com", "owner-a@example.com", "viewer-a@example.com"]);

    const attempts = [
      call(memberRoute.PATCH, `/members/${memberIds["editor-a"]}`, { token: viewerA, method: "PATCH", body: { role: "viewer" }, id: memberIds["editor-a"] }),
      call(memberRoute.DELETE, `/members/${memberIds["editor-a"]}`, { token: viewerA, method: "DELETE", id: memberIds["editor-a"] }),
      call(invitationsRoute.GET, "/invitations", { token: viewerA }),
      call(invitationsRoute.POST, "/invitations", { token: viewerA, method: "POST", body: { email: "x@example.com", role: "viewer" } }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect((await response.json()).error.message).toContain("This token's role (viewer) does not allow member:write");
    }
  });

  it("answers 404 to org A's token for org B's member on GET, PATCH and DELETE, and never lists them", async () => {
    const id = memberIds["editor-b"]!;
    for (const method of ["GET", "PATCH", "DELETE"] as const) {
      const response = await call(memberRoute[method], `/members/${id}`, { token: ownerA, method, id, body: method === "PATCH" ? { role: "viewer" } : undefined });
      expect(response.status, method).toBe(404);
      expect((await response.json()).error.code).toBe("NOT_FOUND");
    }
    const list = await (await call(membersRoute.GET, "/members", { token: ownerA })).json();
    expect(list.map((m: { id: string }) => m.id)).not.toContain(id);
    expect(await db.member.findUniqueOrThrow({ where: { id } })).toMatchObject({ role: "editor" });
  });

  it("keeps an admin token below owners, and lets it change an editor, audited as the token", async () => {
    const owner = memberIds["owner-a"]!;
    const demote = await call(memberRoute.PATCH, `/members/${owner}`, { token: adminA, method: "PATCH", body: { role: "viewer" }, id: owner });
    expect(demote.status).toBe(403);
    expect((await call(memberRoute.DELETE, `/members/${owner}`, { token: adminA, method: "DELETE", id: owner })).status).toBe(403);
    const editor = memberIds["editor-a"]!;
    expect((await call(memberRoute.PATCH, `/members/${editor}`, { token: adminA, method: "PATCH", body: { role: "owner" }, id: editor })).status).toBe(403);

    const changed = await call(memberRoute.PATCH, `/members/${editor}`, { token: adminA, method: "PATCH", body: { role: "admin" }, id: editor });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ id: editor, role: "admin", email: "editor-a@example.com" });
    expect(await db.auditEvent.findFirstOrThrow({ where: { targetId: editor, action: "member.role-change" } })).toMatchObject({
      organizationId: ORG_A,
      actorUserId: "user_admin-a",
      actorLabel: "API token admin-a",
    });
  });

  it("answers 409 when the last owner would demote themselves, and 400 to an unknown role", async () => {
    const owner = memberIds["owner-a"]!;
    const response = await call(memberRoute.PATCH, `/members/${owner}`, { token: ownerA, method: "PATCH", body: { role: "admin" }, id: owner });
    expect(response.status).toBe(409);
    expect((await response.json()).error.message).toBe("An organization needs at least one owner. Make someone else an owner first.");

    const bad = await call(memberRoute.PATCH, `/members/${owner}`, { token: ownerA, method: "PATCH", body: { role: "superuser" }, id: owner });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fieldErrors)).toEqual(["role"]);
  });
});

describe("/api/v1/invitations", () => {
  it("invites, answers the link once (not emailed without SMTP), lists, resends with a new link and revokes", async () => {
    const created = await call(invitationsRoute.POST, "/invitations", { token: adminA, method: "POST", body: { email: "new@example.com", role: "editor" } });
    expect(created.status).toBe(201);
    const first = await created.json();
    expect(first).toMatchObject({ emailed: false, invitation: { email: "new@example.com", role: "editor", status: "pending", invitedBy: { id: "user_admin-a" } } });
    expect(first).not.toHaveProperty("emailProblem");
    expect(first.link).toMatch(new RegExp(`^${PUBLIC_URL}/invite/[\\w-]{43}$`));
    const firstToken = first.link.split("/").pop();
    expect(await invitationByToken(db, firstToken)).toMatchObject({ organizationName: "Acme", status: "pending" });

    const list = await call(invitationsRoute.GET, "/invitations", { token: adminA });
    expect(list.status).toBe(200);
    const body = await list.text();
    expect(JSON.parse(body).map((i: { id: string }) => i.id)).toContain(first.invitation.id);
    expect(body).not.toContain(firstToken);
    expect(body).not.toContain("tokenHash");

    const again = await call(invitationsRoute.POST, "/invitations", { token: adminA, method: "POST", body: { email: "NEW@example.com", role: "viewer" } });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain("already invited: resend it from the list");

    const resent = await call(resendRoute.POST, `/invitations/${first.invitation.id}/resend`, { token: adminA, method: "POST", id: first.invitation.id });
    expect(resent.status).toBe(200);
    const second = await resent.json();
    expect(second.link).not.toBe(first.link);
    expect(await invitationByToken(db, firstToken)).toBeNull();

    const revoked = await call(invitationRoute.DELETE, `/invitations/${first.invitation.id}`, { token: adminA, method: "DELETE", id: first.invitation.id });
    expect(revoked.status).toBe(204);
    expect(await invitationByToken(db, second.link.split("/").pop())).toMatchObject({ status: "revoked" });
    const actions = await db.auditEvent.findMany({ where: { targetId: first.invitation.id }, orderBy: { createdAt: "asc" }, select: { action: true, actorLabel: true } });
    expect(actions).toEqual([
      { action: "invitation.create", actorLabel: "API token admin-a" },
      { action: "invitation.resend", actorLabel: "API token admin-a" },
      { action: "invitation.revoke", actorLabel: "API token admin-a" },
    ]);
  });

  it("refuses an admin token inviting an owner", async () => {
    const response = await call(invitationsRoute.POST, "/invitations", { token: adminA, method: "POST", body: { email: "boss@example.com", role: "owner" } });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toContain("your own role or a lower one");
  });

  it("answers 404 to org A's token for org B's invitation on resend and revoke, and never lists it", async () => {
    const { invitation } = await orgInvitations(db, ORG_B, { ...TEST_ACTOR, userId: "user_owner-b" }).invite({ email: "b-guest@example.com", role: "viewer" }, "owner");

    const resend = await call(resendRoute.POST, `/invitations/${invitation.id}/resend`, { token: ownerA, method: "POST", id: invitation.id });
    const revoke = await call(invitationRoute.DELETE, `/invitations/${invitation.id}`, { token: ownerA, method: "DELETE", id: invitation.id });
    expect([resend.status, revoke.status]).toEqual([404, 404]);
    const list = await (await call(invitationsRoute.GET, "/invitations", { token: ownerA })).json();
    expect(list.map((i: { id: string }) => i.id)).not.toContain(invitation.id);
    expect((await orgInvitations(db, ORG_B).get(invitation.id)).status).toBe("pending");
    expect((await call(invitationsRoute.GET, "/invitations", { token: ownerB })).status).toBe(200);
  });

  it("emails the invitation when SMTP is set up, and says why when sending fails", async () => {
    const { getSecretBox } = await import("@/server/secret-box.ts");
    const smtpSettings = { host: "127.0.0.1", port: smtp.port, security: "none" as const, username: SMTP_CREDENTIALS.username, password: SMTP_CREDENTIALS.password, from: "gatehouse@example.com" };
    await updateInstanceAccess(db, getSecretBox(), { registration: "invite-only", smtp: smtpSettings }, TEST_ACTOR);

    const response = await call(invitationsRoute.POST, "/invitations", { token: ownerA, method: "POST", body: { email: "mailed@example.com", role: "viewer", expiresInDays: 2 } });
    expect(response.status).toBe(201);
    const { link, emailed } = await response.json();
    expect(emailed).toBe(true);
    const mail = await smtp.nextMessage();
    expect(mail.to).toEqual(["mailed@example.com"]);
    const text = mailText(mail.raw);
    expect(text).toContain(link);
    expect(text).toContain("User owner-a invited you to join Acme on Gatehouse as a viewer");
    expect(text).toContain("If you did not expect this invitation, ignore this email");

    await updateInstanceAccess(db, getSecretBox(), { registration: "invite-only", smtp: { ...smtpSettings, password: "wrong password" } }, TEST_ACTOR);
    const failed = await (await call(invitationsRoute.POST, "/invitations", { token: ownerA, method: "POST", body: { email: "unlucky@example.com", role: "viewer" } })).json();
    expect(failed).toMatchObject({ emailed: false, emailProblem: expect.stringContaining("refused the user name or password") });
    expect(failed.link).toMatch(/\/invite\//);
  });
});
