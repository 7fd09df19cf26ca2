import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection } from "../../test/rejection.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "./api-tokens.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

let temp: TTempDb;
let orgA: string;
let orgB: string;
const USER_ID = "user_admin";

beforeAll(async () => {
  temp = await migratedTempDb();
  orgA = await insertOrganization(temp.db, "a");
  orgB = await insertOrganization(temp.db, "b");
  const now = new Date();
  await temp.db.user.create({ data: { id: USER_ID, name: "Ada Admin", email: "ada@example.com", emailVerified: true, createdAt: now, updatedAt: now } });
  for (const organizationId of [orgA, orgB]) {
    await temp.db.member.create({ data: { id: `member_${organizationId}`, organizationId, userId: USER_ID, role: "admin", createdAt: now } });
  }
});

afterAll(async () => {
  await temp.close();
});

const make = (organizationId: string, role: string, creatorRole = "admin", expiresAt?: Date) =>
  createApiToken(temp.db, organizationId, { name: `${role} token`, role: role as "viewer", expiresAt, createdByUserId: USER_ID, creatorRole }, TEST_ACTOR);

describe("API tokens", () => {
  it("returns the token once and stores only its sha256 and a short prefix", async () => {
    const { token, view } = await make(orgA, "editor");

    expect(token).toMatch(/^gh_[\w-]{43}$/);
    const row = await temp.db.apiToken.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(token.slice(3));
    expect(row.prefix).toBe(token.slice(0, 9));
    expect(view).toMatchObject({ name: "editor token", role: "editor", status: "active", createdBy: { name: "Ada Admin" } });
    expect(view).not.toHaveProperty("tokenHash");
  });

  it("audits creation and revocation in the same transaction, naming the token but never its value", async () => {
    const { token, view } = await make(orgA, "viewer");
    await revokeApiToken(temp.db, orgA, view.id, TEST_ACTOR);
    await revokeApiToken(temp.db, orgA, view.id, TEST_ACTOR);

    const entries = await temp.db.auditEvent.findMany({ where: { organizationId: orgA, targetId: view.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((entry) => [entry.action, entry.targetLabel, entry.actorLabel])).toEqual([
      ["api-token.create", "viewer token", TEST_ACTOR.label],
      ["api-token.revoke", "viewer token", TEST_ACTOR.label],
    ]);
    expect(JSON.stringify(entries)).not.toContain(token.slice(3));
  });

  it("refuses a role above the creator's, with a message that says which roles are allowed", async () => {
    const error = await rejection(make(orgA, "owner", "admin"));

    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toContain("your own role or a lower one");
    expect((await rejection(make(orgA, "admin", "intruder"))).code).toBe("FORBIDDEN");
  });

  it("authenticates an active token as its organization and role, and notes its use at most once a minute", async () => {
    const { token, view } = await make(orgA, "viewer");
    const t0 = new Date("2030-01-01T00:00:00Z");

    expect(await authenticateApiToken(temp.db, token, t0)).toEqual({
      id: view.id,
      organizationId: orgA,
      role: "viewer",
      name: "viewer token",
      createdByUserId: USER_ID,
    });
    await authenticateApiToken(temp.db, token, new Date(t0.getTime() + 30_000));
    expect((await temp.db.apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt).toEqual(t0);
    const later = new Date(t0.getTime() + 61_000);
    await authenticateApiToken(temp.db, token, later);
    expect((await temp.db.apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt).toEqual(later);
  });

  it("refuses unknown, expired and revoked tokens", async () => {
    const expiring = await make(orgA, "viewer", "admin", new Date(Date.now() + 60_000));
    const revoked = await make(orgA, "viewer");
    await revokeApiToken(temp.db, orgA, revoked.view.id, TEST_ACTOR);

    expect(await authenticateApiToken(temp.db, "gh_" + "x".repeat(43))).toBeNull();
    expect(await authenticateApiToken(temp.db, expiring.token, new Date(Date.now() + 120_000))).toBeNull();
    expect(await authenticateApiToken(temp.db, revoked.token)).toBeNull();
    const statuses = new Map((await listApiTokens(temp.db, orgA, new Date(Date.now() + 120_000))).map((t) => [t.id, t.status]));
    expect(statuses.get(expiring.view.id)).toBe("expired");
    expect(statuses.get(revoked.view.id)).toBe("revoked");
  });

  it("keeps each organization's tokens to itself: lists and revocation are org-scoped", async () => {
    const { token, view } = await make(orgB, "viewer");

    expect((await listApiTokens(temp.db, orgA)).map((t) => t.id)).not.toContain(view.id);
    expect((await rejection(revokeApiToken(temp.db, orgA, view.id, TEST_ACTOR))).code).toBe("NOT_FOUND");
    expect(await authenticateApiToken(temp.db, token)).toMatchObject({ organizationId: orgB });
  });

  it("never outranks its creator: acts with their lower role today, and dies when they leave", async () => {
    const { token } = await make(orgB, "admin");
    await temp.db.member.update({ where: { id: `member_${orgB}` }, data: { role: "viewer" } });

    expect(await authenticateApiToken(temp.db, token)).toMatchObject({ role: "viewer" });
    await temp.db.member.delete({ where: { id: `member_${orgB}` } });
    expect(await authenticateApiToken(temp.db, token)).toBeNull();
  });

  it("rejects a past expiry and an empty name as field errors", async () => {
    const error = await rejection(createApiToken(temp.db, orgA, { name: " ", role: "viewer", expiresAt: "2000-01-01", createdByUserId: USER_ID, creatorRole: "owner" }, TEST_ACTOR));

    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["expiresAt", "name"]);
  });
});
