import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseFile, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TAuth } from "@/server/auth.ts";

// Gatehouse's better-auth over HTTP, as a browser or script reaches /api/auth/*: the organization
// plugin's own endpoints (its role model, not ours) must not answer, while setup's server-side call
// still creates the organization.
const EMAIL = "owner@example.com";
const PASSWORD = "correct horse battery staple";

let dataDir: string;
let db: Db;
let auth: TAuth;
let cookie: string;
let organizationId: string;

function post(pathname: string, body: unknown): Promise<Response> {
  return auth.handler(
    new Request(`http://gatehouse.test/api/auth${pathname}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "http://gatehouse.test" },
      body: JSON.stringify(body),
    }),
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-auth-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));
  db = (await import("@/server/db.ts")).getDb();
  auth = (await import("@/server/auth.ts")).getAuth();
  const { user } = await auth.api.signUpEmail({ body: { name: "Owner", email: EMAIL, password: PASSWORD } });
  const created = await auth.api.createOrganization({ body: { name: "Acme", slug: "acme", userId: user.id } });
  organizationId = created!.id;
  const signedIn = await auth.api.signInEmail({ body: { email: EMAIL, password: PASSWORD }, asResponse: true });
  cookie = signedIn.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("better-auth's organization endpoints over HTTP", () => {
  it("answers none of them, even to the organization's owner, and changes nothing", async () => {
    const member = await db.member.findFirstOrThrow({ where: { organizationId } });
    const attempts: Array<[string, unknown]> = [
      ["/organization/update-member-role", { memberId: member.id, role: "viewer", organizationId }],
      ["/organization/invite-member", { email: "mallory@example.com", role: "owner", organizationId }],
      ["/organization/remove-member", { memberIdOrEmail: EMAIL, organizationId }],
      ["/organization/update", { data: { name: "Renamed" }, organizationId }],
      ["/organization/create", { name: "Other", slug: "other" }],
    ];
    for (const [pathname, body] of attempts) {
      expect((await post(pathname, body)).status, pathname).toBe(404);
    }
    expect(await db.member.findFirstOrThrow({ where: { id: member.id } })).toMatchObject({ role: "owner" });
    expect(await db.invitation.count()).toBe(0);
    expect((await db.organization.findMany()).map((organization) => organization.name)).toEqual(["Acme"]);
  });

  it("still answers the endpoints Gatehouse uses from the browser (the session)", async () => {
    const response = await auth.handler(new Request("http://gatehouse.test/api/auth/get-session", { headers: { cookie } }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: { email: string } }).user.email).toBe(EMAIL);
  });
});
