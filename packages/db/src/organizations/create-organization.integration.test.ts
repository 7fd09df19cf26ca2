import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACTOR } from "../../test/actor.ts";
import { rejection } from "../../test/rejection.ts";
import { migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { createOrganization } from "./create-organization.ts";
import { membershipBySlug } from "./memberships.ts";
import { firstFreeSlug, organizationSlug } from "./organization-slug.ts";

let temp: TTempDb;
const OWNER = "user_owner";

beforeAll(async () => {
  temp = await migratedTempDb();
  const now = new Date();
  await temp.db.user.create({ data: { id: OWNER, name: "Olga", email: "olga@example.com", createdAt: now, updatedAt: now } });
});

afterAll(async () => {
  await temp.close();
});

describe("organizationSlug", () => {
  it("keeps only lowercase a-z, 0-9 and inner hyphens", () => {
    expect(organizationSlug("  Acme Ops!  ")).toBe("acme-ops");
    expect(organizationSlug("Café Über")).toBe("cafe-uber");
    expect(organizationSlug("../../admin")).toBe("admin");
    expect(organizationSlug("日本")).toBe("organization");
    expect(organizationSlug("x".repeat(80))).toHaveLength(48);
  });

  it("appends -2, -3, ... to a taken slug", () => {
    expect(firstFreeSlug("acme", new Set())).toBe("acme");
    expect(firstFreeSlug("acme", new Set(["acme", "acme-2"]))).toBe("acme-3");
  });
});

describe("createOrganization", () => {
  it("creates the organization with its owner and an audit entry in its own log", async () => {
    const membership = await createOrganization(temp.db, { name: " Acme Ops " }, OWNER, TEST_ACTOR);

    expect(membership).toMatchObject({ userId: OWNER, organizationName: "Acme Ops", organizationSlug: "acme-ops", role: "owner" });
    expect(membership.organizationId).toMatch(/^[a-zA-Z0-9]{32}$/);
    expect(await membershipBySlug(temp.db, OWNER, "acme-ops")).toEqual(membership);
    const entry = await temp.db.auditEvent.findFirstOrThrow({ where: { organizationId: membership.organizationId } });
    expect(entry).toMatchObject({ action: "organization.create", targetKind: "organization", targetId: membership.organizationId, targetLabel: "Acme Ops" });
  });

  it("gives names that make the same slug -2, -3, ... (also when created at once)", async () => {
    const slugs = await Promise.all(["Beta", "beta", "BETA!"].map(async (name) => (await createOrganization(temp.db, { name }, OWNER, TEST_ACTOR)).organizationSlug));
    expect(slugs.sort()).toEqual(["beta", "beta-2", "beta-3"]);
  });

  it("refuses an empty name and an unknown owner, creating nothing", async () => {
    const before = await temp.db.organization.count();
    expect((await rejection(createOrganization(temp.db, { name: "  " }, OWNER, TEST_ACTOR))).code).toBe("BAD_INPUT");
    expect((await rejection(createOrganization(temp.db, { name: "Ghost" }, "user_missing", TEST_ACTOR))).code).toBe("NOT_FOUND");
    expect(await temp.db.organization.count()).toBe(before);
  });
});
