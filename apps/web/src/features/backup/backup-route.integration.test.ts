import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, databaseFile, type Db } from "@gatehouse/db";
import { checkBackupFile } from "@gatehouse/db/backup";
import { applyMigrations } from "@gatehouse/db/migrate";
import { hashPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TAuth } from "@/server/auth.ts";

// The route handler called as a function against a real, migrated SQLite file, with real better-auth
// sessions: the instance owner (the first user) and a second user who is not.
const ENDPOINT = "http://gatehouse.test/api/v1/instance/backup";
const PASSWORD = "correct horse battery staple";

let dataDir: string;
let db: Db;
let auth: TAuth;
let GET: (request: Request) => Promise<Response>;
let ownerCookie: string;
let otherCookie: string;

async function sessionCookie(email: string): Promise<string> {
  const response = await auth.api.signInEmail({ body: { email, password: PASSWORD }, asResponse: true });
  expect(response.status).toBe(200);
  // "name=value; Path=/; HttpOnly; ..." -> "name=value"
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

/** A second account, added the way an accepted invitation would (setup refuses a second sign-up). */
async function addUser(email: string): Promise<void> {
  const id = randomUUID();
  const now = new Date();
  await db.user.create({ data: { id, name: "Other", email, emailVerified: true, createdAt: new Date(now.getTime() + 1000), updatedAt: now } });
  await db.account.create({
    data: { id: randomUUID(), accountId: id, providerId: "credential", userId: id, password: await hashPassword(PASSWORD), createdAt: now, updatedAt: now },
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-backup-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));

  ({ GET } = await import("@/app/api/v1/instance/backup/route.ts"));
  db = (await import("@/server/db.ts")).getDb();
  auth = (await import("@/server/auth.ts")).getAuth();

  await auth.api.signUpEmail({ body: { name: "Owner", email: "owner@example.com", password: PASSWORD } });
  await addUser("other@example.com");
  ownerCookie = await sessionCookie("owner@example.com");
  otherCookie = await sessionCookie("other@example.com");
  await db.organization.create({ data: { id: "org_acme", name: "Acme", slug: "acme", createdAt: new Date() } });
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("GET /api/v1/instance/backup", () => {
  it("gives the instance owner a fresh backup of the live database as an uncached download", async () => {
    const response = await GET(new Request(ENDPOINT, { headers: { cookie: ownerCookie } }));

    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="gatehouse-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db"$/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.headers.get("content-length")).toBe(String(bytes.length));
    const file = path.join(dataDir, "downloaded.db");
    await writeFile(file, bytes);
    expect(await checkBackupFile(file)).toMatchObject({ pending: [] });
    const copy = createDb(file);
    try {
      expect(await copy.organization.findMany({ select: { name: true } })).toEqual([{ name: "Acme" }]);
      expect(await copy.user.findMany({ select: { email: true }, orderBy: { email: "asc" } })).toEqual([
        { email: "other@example.com" },
        { email: "owner@example.com" },
      ]);
    } finally {
      await copy.$disconnect();
    }
    // The temporary copy behind the download is gone.
    expect(await readdir(path.join(dataDir, "backups"))).toEqual([]);
  });

  it("answers 404 to a signed-in user who is not the instance owner", async () => {
    const response = await GET(new Request(ENDPOINT, { headers: { cookie: otherCookie } }));

    expect(response.status).toBe(404);
    expect(response.headers.get("content-disposition")).toBeNull();
    expect((await response.json()).error.code).toBe("NOT_FOUND");
  });

  it("answers 404 without a session", async () => {
    const response = await GET(new Request(ENDPOINT));

    expect(response.status).toBe(404);
  });
});
