import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACTOR } from "../../test/actor.ts";
import { rejection } from "../../test/rejection.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { createDb } from "../client.ts";
import { LAST_OWNER_MESSAGE } from "./member-rules.ts";
import { orgMembers } from "./org-members.ts";

let temp: TTempDb;
let users = 0;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

async function addMember(organizationId: string, role: string, name = `User ${++users}`): Promise<string> {
  const now = new Date();
  const userId = `user_${++users}`;
  await temp.db.user.create({ data: { id: userId, name, email: `${userId}@example.com`, createdAt: now, updatedAt: now } });
  const id = `member_${userId}`;
  await temp.db.member.create({ data: { id, organizationId, userId, role, createdAt: new Date(now.getTime() + users) } });
  return id;
}

const owners = async (organizationId: string) => (await orgMembers(temp.db, organizationId).list()).filter((m) => m.role === "owner").map((m) => m.id);

describe("orgMembers", () => {
  it("lists members oldest first with name, email and role, and nothing secret", async () => {
    const org = await insertOrganization(temp.db, "list");
    const owner = await addMember(org, "owner", "Olga Owner");
    const viewer = await addMember(org, "viewer", "Vic Viewer");

    const list = await orgMembers(temp.db, org).list();

    expect(list.map((m) => [m.id, m.name, m.role])).toEqual([
      [owner, "Olga Owner", "owner"],
      [viewer, "Vic Viewer", "viewer"],
    ]);
    expect(Object.keys(list[0]!).sort()).toEqual(["email", "id", "joinedAt", "name", "role", "userId"]);
  });

  it("changes a role within the acting role and audits before and after", async () => {
    const org = await insertOrganization(temp.db, "role");
    await addMember(org, "owner");
    const editor = await addMember(org, "editor");

    const after = await orgMembers(temp.db, org, TEST_ACTOR).changeRole(editor, { role: "admin" }, "admin");

    expect(after.role).toBe("admin");
    const entry = await temp.db.auditEvent.findFirstOrThrow({ where: { organizationId: org, action: "member.role-change" } });
    expect(entry).toMatchObject({ targetKind: "member", targetId: editor, actorLabel: TEST_ACTOR.label });
    expect(JSON.parse(entry.before!).role).toBe("editor");
    expect(JSON.parse(entry.after!).role).toBe("admin");
  });

  it("keeps an admin below owners: no owner role given, no owner demoted or removed", async () => {
    const org = await insertOrganization(temp.db, "ceiling");
    const owner = await addMember(org, "owner");
    const editor = await addMember(org, "editor");
    const members = orgMembers(temp.db, org, TEST_ACTOR);

    const promote = await rejection(members.changeRole(editor, { role: "owner" }, "admin"));
    expect(promote.code).toBe("FORBIDDEN");
    expect(promote.message).toContain("your own role or a lower one");
    expect((await rejection(members.changeRole(owner, { role: "viewer" }, "admin"))).code).toBe("FORBIDDEN");
    expect((await rejection(members.remove(owner, "admin"))).code).toBe("FORBIDDEN");
    expect((await rejection(members.changeRole(editor, { role: "viewer" }, "intruder"))).code).toBe("FORBIDDEN");
    expect(await owners(org)).toEqual([owner]);
    expect(await temp.db.auditEvent.count({ where: { organizationId: org } })).toBe(0);
  });

  it("never leaves an organization without an owner, the last owner demoting or removing themselves included", async () => {
    const org = await insertOrganization(temp.db, "last");
    const owner = await addMember(org, "owner");
    const ownerUserId = (await orgMembers(temp.db, org).get(owner)).userId;
    const members = orgMembers(temp.db, org, TEST_ACTOR);

    for (const attempt of [members.changeRole(owner, { role: "admin" }, "owner"), members.remove(owner, "owner"), members.leave(ownerUserId)]) {
      const error = await rejection(attempt);
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe(LAST_OWNER_MESSAGE);
    }
    expect(await owners(org)).toEqual([owner]);
    expect(await temp.db.auditEvent.count({ where: { organizationId: org } })).toBe(0);

    const second = await addMember(org, "owner");
    await members.changeRole(owner, { role: "admin" }, "owner");
    expect(await owners(org)).toEqual([second]);
  });

  it("leaves one owner when two owners demote each other at the same time", async () => {
    const org = await insertOrganization(temp.db, "race");
    const a = await addMember(org, "owner");
    const b = await addMember(org, "owner");
    const members = orgMembers(temp.db, org, TEST_ACTOR);

    const results = await Promise.allSettled([members.changeRole(b, { role: "admin" }, "owner"), members.changeRole(a, { role: "admin" }, "owner")]);

    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await owners(org)).toHaveLength(1);
    expect(await temp.db.auditEvent.count({ where: { organizationId: org, action: "member.role-change" } })).toBe(1);
  });

  it("leaves at least one owner when two processes' clients race on the same file", async () => {
    const org = await insertOrganization(temp.db, "race2");
    const a = await addMember(org, "owner");
    const b = await addMember(org, "owner");
    const other = createDb(temp.dbFile);
    try {
      await Promise.allSettled([
        orgMembers(temp.db, org, TEST_ACTOR).remove(b, "owner"),
        orgMembers(other, org, TEST_ACTOR).remove(a, "owner"),
      ]);
    } finally {
      await other.$disconnect();
    }
    expect(await owners(org)).toHaveLength(1);
  });

  it("lets any member leave and an admin remove an editor, auditing the removal", async () => {
    const org = await insertOrganization(temp.db, "leave");
    await addMember(org, "owner");
    const viewer = await addMember(org, "viewer");
    const editor = await addMember(org, "editor");
    const viewerUserId = (await orgMembers(temp.db, org).get(viewer)).userId;
    const members = orgMembers(temp.db, org, TEST_ACTOR);

    await members.leave(viewerUserId);
    await members.remove(editor, "admin");

    const remaining = (await members.list()).map((m) => m.id);
    expect(remaining).not.toContain(viewer);
    expect(remaining).not.toContain(editor);
    const removals = await temp.db.auditEvent.findMany({ where: { organizationId: org, action: "member.remove" }, orderBy: { createdAt: "asc" } });
    expect(removals.map((entry) => [entry.targetId, JSON.parse(entry.before!).role, entry.after])).toEqual([
      [viewer, "viewer", null],
      [editor, "editor", null],
    ]);
  });

  it("answers NOT_FOUND for another organization's member on every operation, changing nothing", async () => {
    const orgA = await insertOrganization(temp.db, "a");
    const orgB = await insertOrganization(temp.db, "b");
    await addMember(orgA, "owner");
    const ofB = await addMember(orgB, "editor");
    const userOfB = (await orgMembers(temp.db, orgB).get(ofB)).userId;
    const members = orgMembers(temp.db, orgA, TEST_ACTOR);

    const errors = await Promise.all([
      rejection(members.get(ofB)),
      rejection(members.changeRole(ofB, { role: "viewer" }, "owner")),
      rejection(members.remove(ofB, "owner")),
      rejection(members.leave(userOfB)),
      rejection(members.get("no-such-member")),
    ]);
    expect(errors.map((e) => e.code)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    expect(new Set(errors.map((e) => e.message)).size).toBe(1);
    expect((await members.list()).map((m) => m.id)).not.toContain(ofB);
    expect((await orgMembers(temp.db, orgB).get(ofB)).role).toBe("editor");
  });

  it("refuses a query on members or invitations without a where clause", async () => {
    expect((await rejection(temp.db.member.findMany({ where: { organizationId: undefined } }))).code).toBe("INTERNAL");
    expect((await rejection(temp.db.invitation.deleteMany({}))).code).toBe("INTERNAL");
  });
});
