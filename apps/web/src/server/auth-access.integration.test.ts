import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createOrganization, databaseFile, updateInstanceAccess, type Db, type TActor } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import { isAPIError } from "better-auth/api";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { getAuth as TGetAuth, handleAuthRequest as THandleAuthRequest } from "@/server/auth.ts";
import { postAuth } from "@/features/auth/auth-endpoint.ts";
import { mailText, startSmtpCatcher, type TSmtpCatcher } from "../../test/smtp-catcher.ts";
import { getSecretBox } from "./secret-box.ts";

// Gatehouse's better-auth with real SQLite and a real SMTP server: who may create an account, the
// password reset by email from request to new password, and the sign-in rate limit per client address.
const OWNER = { name: "Owner", email: "owner@example.com", password: "correct horse battery staple" };
const ACTOR: TActor = { userId: null, tokenId: null, label: "auth test", ip: null };
const SMTP_CREDENTIALS = { username: "gatehouse", password: "smtp password 1" };

let dataDir: string;
let db: Db;
let auth: ReturnType<typeof TGetAuth>;
let handleAuthRequest: typeof THandleAuthRequest;
let smtp: TSmtpCatcher;
let organizationId: string;
let ownerId: string;

/** A browser's POST to /api/auth/*, from the client address `ip` (as Next reports it in X-Forwarded-For). */
function post(pathname: string, body: unknown, { ip, cookie = "" }: { ip: string; cookie?: string }): Promise<Response> {
  return handleAuthRequest(
    new Request(`http://localhost:3000/api/auth${pathname}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": ip },
      body: JSON.stringify(body),
    }),
  );
}

function cookieOf(response: Response): string {
  return response.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
}

async function sessionUser(cookie: string): Promise<string | null> {
  const response = await handleAuthRequest(new Request("http://localhost:3000/api/auth/get-session", { headers: { cookie } }));
  return ((await response.json()) as { user?: { email: string } } | null)?.user?.email ?? null;
}

async function signUpRefusal(email: string): Promise<string | null> {
  try {
    await auth.api.signUpEmail({ body: { name: "Someone", email, password: "a long enough password" } });
    return null;
  } catch (error) {
    if (isAPIError(error)) return `${error.statusCode} ${error.message}`;
    throw error;
  }
}

async function setRegistration(registration: "open" | "invite-only") {
  await updateInstanceAccess(
    db,
    getSecretBox(),
    { registration, smtp: { host: "127.0.0.1", port: smtp.port, security: "none", ...SMTP_CREDENTIALS, from: "gatehouse@example.com" } },
    ACTOR,
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-auth-access-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  process.env.GATEHOUSE_WEB_TRUSTED_PROXIES = "10.0.0.0/8";
  delete process.env.GATEHOUSE_SMTP_URL;
  delete process.env.GATEHOUSE_PUBLIC_URL;
  await applyMigrations(databaseFile(dataDir));
  db = (await import("@/server/db.ts")).getDb();
  const authModule = await import("@/server/auth.ts");
  auth = authModule.getAuth();
  handleAuthRequest = authModule.handleAuthRequest;
  smtp = await startSmtpCatcher(SMTP_CREDENTIALS);
  // Setup: the first account is always allowed.
  ownerId = (await auth.api.signUpEmail({ body: OWNER })).user.id;
  organizationId = (await createOrganization(db, { name: "Acme" }, ownerId, ACTOR)).organizationId;
  await setRegistration("invite-only");
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await smtp?.close();
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("who may create an account", () => {
  it("invite-only refuses an address without an invitation, with a message saying why", async () => {
    expect(await signUpRefusal("stranger@example.com")).toMatch(/^409 This Gatehouse creates accounts by invitation only/);
    expect(await db.user.count()).toBe(1);
  });

  it("a pending, unexpired invitation lets exactly its address in", async () => {
    const invitation = { organizationId, role: "editor", status: "pending", inviterId: ownerId };
    await db.invitation.create({
      data: { ...invitation, id: randomUUID(), email: "invited@example.com", expiresAt: new Date(Date.now() + 86_400_000), tokenHash: randomBytes(32).toString("hex") },
    });
    await db.invitation.create({
      data: { ...invitation, id: randomUUID(), email: "late@example.com", expiresAt: new Date(Date.now() - 1000), tokenHash: randomBytes(32).toString("hex") },
    });

    expect(await signUpRefusal("other@example.com")).toMatch(/^409 /);
    expect(await signUpRefusal("late@example.com")).toMatch(/^409 /);
    expect(await signUpRefusal("invited@example.com")).toBeNull();
  });

  it("open registration lets anyone create an account, and sign-up over HTTP stays closed", async () => {
    await setRegistration("open");
    expect(await signUpRefusal("newcomer@example.com")).toBeNull();
    const overHttp = await post("/sign-up/email", { name: "X", email: "http@example.com", password: "a long enough password" }, { ip: "192.0.2.50" });
    expect(overHttp.status).toBe(404);
    await setRegistration("invite-only");
    expect(await signUpRefusal("another@example.com")).toMatch(/^409 /);
  });
});

describe("password reset by email", () => {
  const NEW_PASSWORD = "a brand new passphrase";

  it("mails a one-hour link that sets a new password and signs the old sessions out", async () => {
    const signedIn = await post("/sign-in/email", { email: OWNER.email, password: OWNER.password }, { ip: "198.51.100.1" });
    expect(signedIn.status).toBe(200);
    const oldSession = cookieOf(signedIn);
    expect(await sessionUser(oldSession)).toBe(OWNER.email);

    const requested = await post("/request-password-reset", { email: OWNER.email }, { ip: "198.51.100.1" });
    expect(requested.status).toBe(200);
    const message = await smtp.nextMessage();
    expect(message.to).toEqual([OWNER.email]);
    expect(message.raw).toMatch(/^Subject: Reset your Gatehouse password$/m);
    const body = mailText(message.raw);
    expect(body).toContain("works for 60 minutes");
    const token = /http:\/\/localhost:3000\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(body)?.[1];
    expect(token).toBeTruthy();
    const stored = await db.verification.findFirstOrThrow({ where: { identifier: `reset-password:${token}` } });
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);

    const reset = await post("/reset-password", { token, newPassword: NEW_PASSWORD }, { ip: "198.51.100.2" });
    expect(reset.status).toBe(200);

    expect(await sessionUser(oldSession)).toBeNull();
    expect((await post("/sign-in/email", { email: OWNER.email, password: OWNER.password }, { ip: "198.51.100.2" })).status).toBe(401);
    expect((await post("/sign-in/email", { email: OWNER.email, password: NEW_PASSWORD }, { ip: "198.51.100.2" })).status).toBe(200);
    // The link works once.
    expect((await post("/reset-password", { token, newPassword: "yet another passphrase" }, { ip: "198.51.100.2" })).status).toBe(400);
  });

  it("answers an unknown address exactly like a known one, and sends nothing", async () => {
    const known = await post("/request-password-reset", { email: OWNER.email }, { ip: "198.51.100.3" });
    const unknown = await post("/request-password-reset", { email: "nobody@example.com" }, { ip: "198.51.100.3" });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.json()).toEqual(await known.json());
    expect((await smtp.nextMessage()).to).toEqual([OWNER.email]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.filter((mail) => mail.to.includes("nobody@example.com"))).toEqual([]);
  });
});

describe("sign-in rate limit", () => {
  it("answers 429 after 3 wrong passwords in 10 s from one client, which the sign-in form words as a wait", async () => {
    const wrong = { email: OWNER.email, password: "not the password at all" };
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect((await post("/sign-in/email", wrong, { ip: "203.0.113.7" })).status, `attempt ${attempt}`).toBe(401);
    }
    const limited = await post("/sign-in/email", wrong, { ip: "203.0.113.7" });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("X-Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(10);

    // What the sign-in form shows: postAuth is the form's call, here reaching the handler from that client.
    vi.stubGlobal("fetch", (input: string, init: RequestInit) =>
      handleAuthRequest(new Request(new URL(input, "http://localhost:3000"), { ...init, headers: { ...(init.headers as Record<string, string>), "x-forwarded-for": "203.0.113.7" } })),
    );
    const shown = await postAuth("/sign-in/email", wrong);
    vi.unstubAllGlobals();
    expect(shown).toEqual({ ok: false, status: 429, message: expect.stringMatching(/^Too many attempts\. Wait \d+ seconds and try again\.$/) });
  });

  it("counts per client address as the app records it, whatever header the client adds", async () => {
    const wrong = { email: OWNER.email, password: "not the password at all" };
    // Another client is not held back by the first one's attempts...
    expect((await post("/sign-in/email", wrong, { ip: "203.0.113.8" })).status).toBe(401);
    // ...behind a trusted proxy (GATEHOUSE_WEB_TRUSTED_PROXIES) the address it reports counts, and an
    // address a client put in front of its own is only a claim: the rightmost untrusted entry counts...
    expect((await post("/sign-in/email", wrong, { ip: "203.0.113.7, 10.0.0.2" })).status).toBe(429);
    expect((await post("/sign-in/email", wrong, { ip: "192.0.2.50, 203.0.113.7" })).status).toBe(429);
    // ...and naming another address in our own header does not escape the count.
    const spoofed = await handleAuthRequest(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "203.0.113.7", "x-gatehouse-client-ip": "192.0.2.99" },
        body: JSON.stringify(wrong),
      }),
    );
    expect(spoofed.status).toBe(429);
  });
});
