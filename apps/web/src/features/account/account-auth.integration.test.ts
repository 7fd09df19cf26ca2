import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseFile, type Db } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TAuth } from "@/server/auth.ts";
import { otpauthSecret, totpCode } from "../../../test/totp.ts";

// Gatehouse's own better-auth configuration (twoFactor plugin included) against a real, migrated
// SQLite file; codes come from an independent RFC 6238 implementation, not from better-auth.
const EMAIL = "owner@example.com";
const PASSWORD = "correct horse battery staple";
const NEW_PASSWORD = "a brand new long password";

let dataDir: string;
let db: Db;
let auth: TAuth;

function cookieOf(response: Response): string {
  // "name=value; Path=/; HttpOnly; ..." -> "name=value"
  return response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]).join("; ");
}

async function signIn(password = PASSWORD): Promise<Response> {
  return auth.api.signInEmail({ body: { email: EMAIL, password }, asResponse: true });
}

async function signedInHeaders(): Promise<Headers> {
  const response = await signIn();
  expect(response.status).toBe(200);
  return new Headers({ cookie: cookieOf(response) });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-2fa-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  await applyMigrations(databaseFile(dataDir));
  db = (await import("@/server/db.ts")).getDb();
  auth = (await import("@/server/auth.ts")).getAuth();
  await auth.api.signUpEmail({ body: { name: "Owner", email: EMAIL, password: PASSWORD } });
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

// Set by the first test: the owner's TOTP secret, as an authenticator app reads it from the QR code.
let secret: string;
let backupCodes: string[];

describe("two-factor sign-in with Gatehouse's better-auth", () => {
  it("enables TOTP only once a valid first code confirms it", async () => {
    const headers = await signedInHeaders();
    const enabled = await auth.api.enableTwoFactor({ headers, body: { password: PASSWORD } });
    if (enabled.method !== "totp") throw new Error(`Expected a TOTP setup, got ${enabled.method}`);
    secret = otpauthSecret(enabled.totpURI);
    backupCodes = enabled.backupCodes;
    expect(enabled.totpURI).toMatch(/^otpauth:\/\/totp\/Gatehouse:/);
    expect(backupCodes.length).toBeGreaterThan(0);

    await expect(auth.api.verifyTOTP({ headers, body: { code: "000000" } })).rejects.toThrow(/invalid/i);
    expect((await db.user.findFirstOrThrow({ where: { email: EMAIL } })).twoFactorEnabled).toBe(false);

    await auth.api.verifyTOTP({ headers, body: { code: totpCode(secret) } });
    expect((await db.user.findFirstOrThrow({ where: { email: EMAIL } })).twoFactorEnabled).toBe(true);
  });

  it("gives a TOTP user no session after the password, refuses a wrong code and signs in with the right one", async () => {
    const first = await signIn();
    expect(await first.json()).toMatchObject({ twoFactorRedirect: true });
    const pending = new Headers({ cookie: cookieOf(first) });
    expect(await auth.api.getSession({ headers: pending })).toBeNull();

    const wrong = await auth.api.verifyTOTP({ headers: pending, body: { code: "123456" }, asResponse: true });
    expect(wrong.status).toBe(401);
    expect(await auth.api.getSession({ headers: pending })).toBeNull();

    const right = await auth.api.verifyTOTP({ headers: pending, body: { code: totpCode(secret, Date.now() + 30_000) }, asResponse: true });
    expect(right.status).toBe(200);
    const session = await auth.api.getSession({ headers: new Headers({ cookie: cookieOf(right) }) });
    expect(session?.user.email).toBe(EMAIL);
  });

  it("accepts a recovery code once", async () => {
    const code = backupCodes[0]!;
    const pending = new Headers({ cookie: cookieOf(await signIn()) });
    const used = await auth.api.verifyBackupCode({ headers: pending, body: { code }, asResponse: true });
    expect(used.status).toBe(200);
    expect(await auth.api.getSession({ headers: new Headers({ cookie: cookieOf(used) }) })).not.toBeNull();

    const again = new Headers({ cookie: cookieOf(await signIn()) });
    const reused = await auth.api.verifyBackupCode({ headers: again, body: { code }, asResponse: true });
    expect(reused.status).toBe(401);
    expect(await auth.api.getSession({ headers: again })).toBeNull();
  });
});

describe("rate limit of the second step", () => {
  it("answers 429 to quick repeated code guesses over HTTP", async () => {
    const pending = cookieOf(await signIn());
    const guess = () =>
      auth.handler(
        new Request("http://gatehouse.test/api/auth/two-factor/verify-totp", {
          method: "POST",
          headers: { "content-type": "application/json", cookie: pending, origin: "http://gatehouse.test", host: "gatehouse.test" },
          body: JSON.stringify({ code: "000000" }),
        }),
      );
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await guess()).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe("sessions and password", () => {
  // The owner has TOTP on after the tests above: each session takes the password and a code.
  async function fullSignIn(password: string): Promise<Headers> {
    const pending = new Headers({ cookie: cookieOf(await signIn(password)) });
    const verified = await auth.api.verifyTOTP({ headers: pending, body: { code: totpCode(secret) }, asResponse: true });
    expect(verified.status).toBe(200);
    return new Headers({ cookie: cookieOf(verified) });
  }
  it("revokes one session: it stops working, the others keep working", async () => {
    const keep = await fullSignIn(PASSWORD);
    const revoke = await fullSignIn(PASSWORD);
    const sessions = await auth.api.listSessions({ headers: keep });
    const target = (await auth.api.getSession({ headers: revoke }))!.session;
    const token = sessions.find((session) => session.id === target.id)!.token;

    await auth.api.revokeSession({ headers: keep, body: { token } });
    expect(await auth.api.getSession({ headers: revoke })).toBeNull();
    expect(await auth.api.getSession({ headers: keep })).not.toBeNull();
  });

  it("changes the password: the old one stops working and other sessions end", async () => {
    const current = await fullSignIn(PASSWORD);
    const other = await fullSignIn(PASSWORD);
    await auth.api.changePassword({ headers: current, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true } });

    expect(await auth.api.getSession({ headers: other })).toBeNull();
    expect((await signIn(PASSWORD)).status).toBe(401);
    const withNew = await signIn(NEW_PASSWORD);
    expect(withNew.status).toBe(200);
    expect(await withNew.json()).toMatchObject({ twoFactorRedirect: true });
  });
});
