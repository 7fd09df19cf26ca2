import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { organization } from "better-auth/plugins/organization";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedTempDb, type TTempDb } from "../test/temp-db.ts";
import { orgHosts } from "./hosts/org-hosts.ts";
import { userCount } from "./users.ts";
import { TEST_ACTOR } from "../test/actor.ts";

// The schema's auth models must be what better-auth's Prisma adapter expects: drive the real library
// (sign-up, organization, membership, active organization, invitation) against a migrated file.
let temp: TTempDb;
let auth: ReturnType<typeof createAuth>;

function createAuth(db: TTempDb["db"]) {
  return betterAuth({
    database: prismaAdapter(db, { provider: "sqlite" }),
    emailAndPassword: { enabled: true },
    plugins: [organization()],
    secret: "x".repeat(32),
    baseURL: "http://localhost",
  });
}

beforeAll(async () => {
  temp = await migratedTempDb();
  auth = createAuth(temp.db);
});

afterAll(async () => {
  await temp.close();
});

describe("better-auth on this schema", () => {
  it("signs up, creates an organization, sets it active and invites a member", async () => {
    expect(await userCount(temp.db)).toBe(0);

    const signUp = await auth.api.signUpEmail({
      body: { name: "Ada Owner", email: "ada@example.com", password: "correct horse battery staple" },
      returnHeaders: true,
    });
    const cookie = signUp.headers.getSetCookie().map((header) => header.split(";")[0]).join("; ");
    const headers = new Headers({ cookie });
    expect(await userCount(temp.db)).toBe(1);

    const org = await auth.api.createOrganization({ headers, body: { name: "Acme", slug: "acme" } });
    expect(org).toMatchObject({ name: "Acme", slug: "acme" });
    const members = await temp.db.member.findMany({ where: { organizationId: org!.id } });
    expect(members).toMatchObject([{ userId: signUp.response.user.id, role: "owner" }]);

    await auth.api.setActiveOrganization({ headers, body: { organizationId: org!.id } });
    const session = await auth.api.getSession({ headers });
    expect(session?.session.activeOrganizationId).toBe(org!.id);

    const invitation = await auth.api.createInvitation({
      headers,
      body: { email: "bob@example.com", role: "admin", organizationId: org!.id },
    });
    expect(invitation).toMatchObject({ email: "bob@example.com", role: "admin", status: "pending" });

    const host = await orgHosts(temp.db, org!.id, TEST_ACTOR).create({
      domains: ["acme.example.com"],
      locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.1" } }],
    });
    expect(host.domains).toEqual(["acme.example.com"]);
  });
});
