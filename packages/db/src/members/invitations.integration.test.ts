import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TActor } from "../audit/actor.ts";
import { rejection } from "../../test/rejection.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { acceptInvitation, invitationByToken, pendingInvitationForEmail } from "./invitation-links.ts";
import { orgInvitations } from "./org-invitations.ts";
import { orgMembers } from "./org-members.ts";

let temp: TTempDb;
let orgA: string;
let orgB: string;
let users = 0;
const INVITER: TActor = { userId: "user_inviter", tokenId: null, label: "Ivy Inviter", ip: "127.0.0.1" };
const DAY_MS = 24 * 60 * 60 * 1000;

async function addUser(email: string, name = email.split("@")[0]!): Promise<{ id: string; email: string }> {
  const now = new Date();
  const id = `user_${++users}`;
  await temp.db.user.create({ data: { id, name, email, createdAt: now, updatedAt: now } });
  return { id, email };
}

const joiner = (user: { id: string }): TActor => ({ userId: user.id, tokenId: null, label: "joiner", ip: null });
const invitations = (organizationId: string) => orgInvitations(temp.db, organizationId, INVITER);

beforeAll(async () => {
  temp = await migratedTempDb();
  orgA = await insertOrganization(temp.db, "Acme");
  orgB = await insertOrganization(temp.db, "Bravo");
  const now = new Date();
  await temp.db.user.create({ data: { id: INVITER.userId!, name: "Ivy Inviter", email: "ivy@example.com", createdAt: now, updatedAt: now } });
  for (const organizationId of [orgA, orgB]) {
    await temp.db.member.create({ data: { id: `owner_${organizationId}`, organizationId, userId: INVITER.userId!, role: "owner", createdAt: now } });
  }
});

afterAll(async () => {
  await temp.close();
});

describe("inviting", () => {
  it("hands out the link's token once, stores only its sha256, and audits the invitation", async () => {
    const { invitation, token } = await invitations(orgA).invite({ email: "New.Person@Example.com", role: "editor", expiresInDays: 3 }, "owner");

    expect(token).toMatch(/^[\w-]{43}$/);
    const row = await temp.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(invitation).toMatchObject({ email: "new.person@example.com", role: "editor", status: "pending", invitedBy: { name: "Ivy Inviter" } });
    expect(invitation.expiresAt.getTime() - invitation.createdAt.getTime()).toBe(3 * DAY_MS);
    expect(invitation).not.toHaveProperty("tokenHash");
    const entry = await temp.db.auditEvent.findFirstOrThrow({ where: { targetId: invitation.id } });
    expect(entry).toMatchObject({ organizationId: orgA, action: "invitation.create", targetKind: "invitation", targetLabel: "new.person@example.com" });
    expect(JSON.stringify(entry)).not.toContain(token);
    expect(await invitationByToken(temp.db, token)).toMatchObject({ organizationName: "Acme", email: "new.person@example.com", role: "editor", inviterName: "Ivy Inviter", status: "pending" });
  });

  it("refuses an address that is already a member or already has a working invitation", async () => {
    await invitations(orgA).invite({ email: "twice@example.com", role: "viewer" }, "owner");
    const again = await rejection(invitations(orgA).invite({ email: "TWICE@example.com", role: "viewer" }, "owner"));
    expect(again.code).toBe("CONFLICT");
    expect(again.message).toContain("already invited: resend it from the list");

    const member = await rejection(invitations(orgA).invite({ email: "ivy@example.com", role: "viewer" }, "owner"));
    expect(member.code).toBe("CONFLICT");
    expect(member.message).toContain("already a member");
    // Another organization may invite the same address.
    await invitations(orgB).invite({ email: "twice@example.com", role: "viewer" }, "owner");
  });

  it("keeps invitations within the inviter's role: an admin cannot invite, resend or revoke an owner", async () => {
    const error = await rejection(invitations(orgA).invite({ email: "boss@example.com", role: "owner" }, "admin"));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("your own role or a lower one");

    const { invitation } = await invitations(orgA).invite({ email: "boss@example.com", role: "owner" }, "owner");
    expect((await rejection(invitations(orgA).resend(invitation.id, "admin"))).code).toBe("FORBIDDEN");
    expect((await rejection(invitations(orgA).revoke(invitation.id, "admin"))).code).toBe("FORBIDDEN");
    expect((await rejection(invitations(orgA).invite({ email: "x@example.com", role: "viewer" }, "viewer-ish"))).code).toBe("FORBIDDEN");
  });
});

describe("accepting", () => {
  it("makes the invited user a member with the invited role, once, and audits member.join", async () => {
    const user = await addUser("Joiner@example.com");
    const { invitation, token } = await invitations(orgA).invite({ email: "joiner@example.com", role: "editor" }, "owner");

    const membership = await acceptInvitation(temp.db, token, user, joiner(user));

    expect(membership).toMatchObject({ organizationId: orgA, organizationName: "Acme", role: "editor", userId: user.id });
    expect((await orgMembers(temp.db, orgA).list()).find((m) => m.userId === user.id)?.role).toBe("editor");
    expect(await orgInvitations(temp.db, orgA).get(invitation.id)).toMatchObject({ status: "accepted", acceptedAt: expect.any(Date) });
    const join = await temp.db.auditEvent.findFirstOrThrow({ where: { organizationId: orgA, action: "member.join", actorUserId: user.id } });
    expect(JSON.parse(join.after!)).toMatchObject({ userId: user.id, role: "editor" });

    const reuse = await rejection(acceptInvitation(temp.db, token, user, joiner(user)));
    expect([reuse.code, reuse.message]).toEqual(["CONFLICT", "This invitation link has already been used."]);
    expect(await invitationByToken(temp.db, token)).toMatchObject({ status: "accepted" });
  });

  it("makes exactly one member when the same link is accepted twice at once", async () => {
    const user = await addUser("double@example.com");
    const { token } = await invitations(orgA).invite({ email: "double@example.com", role: "viewer" }, "owner");

    const results = await Promise.allSettled([acceptInvitation(temp.db, token, user, joiner(user)), acceptInvitation(temp.db, token, user, joiner(user))]);

    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await temp.db.member.count({ where: { organizationId: orgA, userId: user.id } })).toBe(1);
  });

  it("refuses another user's address and says which one the invitation was sent to", async () => {
    const other = await addUser("mallory@example.com");
    const { token } = await invitations(orgA).invite({ email: "alice@example.com", role: "viewer" }, "owner");

    const error = await rejection(acceptInvitation(temp.db, token, other, joiner(other)));

    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("This invitation was sent to alice@example.com. Sign in with that address to accept it.");
    expect(await temp.db.member.count({ where: { organizationId: orgA, userId: other.id } })).toBe(0);
    expect(await invitationByToken(temp.db, token)).toMatchObject({ status: "pending" });
  });

  it("refuses an expired link, naming the organization to ask", async () => {
    const user = await addUser("late@example.com");
    const { invitation, token } = await invitations(orgA).invite({ email: "late@example.com", role: "viewer" }, "owner");
    await temp.db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const error = await rejection(acceptInvitation(temp.db, token, user, joiner(user)));

    expect([error.code, error.message]).toEqual(["CONFLICT", "This invitation has expired. Ask Acme for a new one."]);
    expect(await invitationByToken(temp.db, token)).toMatchObject({ status: "expired" });
    expect((await orgInvitations(temp.db, orgA).get(invitation.id)).status).toBe("expired");
    expect(await pendingInvitationForEmail(temp.db, "late@example.com")).toBe(false);
  });

  it("refuses a revoked link, and revoking twice is not an error", async () => {
    const user = await addUser("revoked@example.com");
    const { invitation, token } = await invitations(orgA).invite({ email: "revoked@example.com", role: "viewer" }, "owner");

    await invitations(orgA).revoke(invitation.id, "admin");
    await invitations(orgA).revoke(invitation.id, "admin");

    const error = await rejection(acceptInvitation(temp.db, token, user, joiner(user)));
    expect([error.code, error.message]).toEqual(["CONFLICT", "This invitation was revoked. Ask Acme for a new one."]);
    expect((await temp.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("canceled");
    expect(await temp.db.auditEvent.count({ where: { targetId: invitation.id, action: "invitation.revoke" } })).toBe(1);
    expect((await rejection(invitations(orgA).resend(invitation.id, "owner"))).code).toBe("CONFLICT");
  });

  it("refuses an unknown link", async () => {
    const user = await addUser("nobody@example.com");
    const error = await rejection(acceptInvitation(temp.db, "A".repeat(43), user, joiner(user)));
    expect(error.code).toBe("NOT_FOUND");
    expect(await invitationByToken(temp.db, "A".repeat(43))).toBeNull();
    expect(await invitationByToken(temp.db, "")).toBeNull();
  });

  it("marks the invitation accepted without a second membership when the user is already a member", async () => {
    const user = await addUser("already@example.com");
    const { invitation, token } = await invitations(orgA).invite({ email: "already@example.com", role: "admin" }, "owner");
    await temp.db.member.create({ data: { id: "member_already", organizationId: orgA, userId: user.id, role: "viewer", createdAt: new Date() } });

    expect(await acceptInvitation(temp.db, token, user, joiner(user))).toMatchObject({ role: "viewer" });
    expect(await temp.db.member.count({ where: { organizationId: orgA, userId: user.id } })).toBe(1);
    expect((await orgInvitations(temp.db, orgA).get(invitation.id)).status).toBe("accepted");
  });
});

describe("resending", () => {
  it("replaces the token (the old link stops working), restarts the validity and audits it", async () => {
    const user = await addUser("resend@example.com");
    const sentAt = new Date(Date.now() - 10 * DAY_MS);
    const first = await invitations(orgA).invite({ email: "resend@example.com", role: "viewer", expiresInDays: 5 }, "owner", sentAt);
    expect((await orgInvitations(temp.db, orgA).get(first.invitation.id)).status).toBe("expired");

    const second = await invitations(orgA).resend(first.invitation.id, "admin");

    expect(second.token).not.toBe(first.token);
    expect(second.invitation).toMatchObject({ id: first.invitation.id, status: "pending" });
    expect(second.invitation.lastSentAt!.getTime()).toBeGreaterThan(sentAt.getTime());
    expect(second.invitation.expiresAt.getTime() - second.invitation.lastSentAt!.getTime()).toBe(5 * DAY_MS);
    expect(await invitationByToken(temp.db, first.token)).toBeNull();
    expect((await rejection(acceptInvitation(temp.db, first.token, user, joiner(user)))).code).toBe("NOT_FOUND");
    expect(await pendingInvitationForEmail(temp.db, "RESEND@example.com")).toBe(true);
    const entry = await temp.db.auditEvent.findFirstOrThrow({ where: { targetId: first.invitation.id, action: "invitation.resend" } });
    expect(JSON.parse(entry.before!).status).toBe("expired");
    expect(JSON.stringify(entry)).not.toContain(second.token);

    await acceptInvitation(temp.db, second.token, user, joiner(user));
    expect((await rejection(invitations(orgA).resend(first.invitation.id, "owner"))).code).toBe("CONFLICT");
    expect((await rejection(invitations(orgA).revoke(first.invitation.id, "owner"))).code).toBe("CONFLICT");
  });
});

describe("tenancy", () => {
  it("answers NOT_FOUND for another organization's invitation on every operation, and never lists it", async () => {
    const { invitation } = await invitations(orgB).invite({ email: "b-only@example.com", role: "viewer" }, "owner");

    const errors = await Promise.all([
      rejection(orgInvitations(temp.db, orgA).get(invitation.id)),
      rejection(invitations(orgA).resend(invitation.id, "owner")),
      rejection(invitations(orgA).revoke(invitation.id, "owner")),
      rejection(invitations(orgA).revoke("no-such-invitation", "owner")),
    ]);
    expect(errors.map((e) => e.code)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    expect((await orgInvitations(temp.db, orgA).list()).map((i) => i.id)).not.toContain(invitation.id);
    expect((await orgInvitations(temp.db, orgB).get(invitation.id)).status).toBe("pending");
  });

  it("lists newest first with status, inviter, expiry and last sending", async () => {
    const list = await orgInvitations(temp.db, orgA).list();
    expect(list.length).toBeGreaterThan(3);
    expect(new Set(list.map((i) => i.status))).toEqual(new Set(["pending", "accepted", "revoked", "expired"]));
    for (const item of list) expect(item).toMatchObject({ invitedBy: { id: INVITER.userId }, expiresAt: expect.any(Date) });
    expect([...list].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime()).map((i) => i.id)).toEqual(list.map((i) => i.id));
  });
});
