import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { databaseFile, updateInstanceAccess, type Db, type TActor } from "@gatehouse/db";
import { applyMigrations } from "@gatehouse/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mailText, startSmtpCatcher, type TSmtpCatcher } from "../../../test/smtp-catcher.ts";
import { getSecretBox } from "../secret-box.ts";
import type { mailStatus as TMailStatusFn, sendMail as TSendMailFn } from "./mailer.ts";

// The mailer against a real SMTP server (smtp-server on a random port), with settings saved the way the
// settings page saves them: sealed password, read back and opened by the mailer.
const ACTOR: TActor = { userId: null, tokenId: null, label: "mail test", ip: null };
const CREDENTIALS = { username: "gatehouse", password: "smtp password 1" };

let dataDir: string;
let db: Db;
let smtp: TSmtpCatcher;
let sendMail: typeof TSendMailFn;
let mailStatus: typeof TMailStatusFn;

async function saveSmtp(overrides: Partial<{ port: number; password: string; security: "starttls" | "tls" | "none" }>) {
  await updateInstanceAccess(
    db,
    getSecretBox(),
    {
      registration: "invite-only",
      smtp: { host: "127.0.0.1", port: smtp.port, security: "none", username: CREDENTIALS.username, password: CREDENTIALS.password, from: "gatehouse@example.com", ...overrides },
    },
    ACTOR,
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "gatehouse-web-mail-"));
  process.env.GATEHOUSE_DATA_DIR = dataDir;
  process.env.GATEHOUSE_SECRET = "integration-test-secret-".padEnd(48, "x");
  delete process.env.GATEHOUSE_SMTP_URL;
  await applyMigrations(databaseFile(dataDir));
  db = (await import("../db.ts")).getDb();
  ({ sendMail, mailStatus } = await import("./mailer.ts"));
  smtp = await startSmtpCatcher(CREDENTIALS);
});

afterAll(async () => {
  await smtp?.close();
  await db?.$disconnect();
  await rm(dataDir, { recursive: true, force: true });
});

describe("sendMail", () => {
  it("says mail is not configured before anyone set it up", async () => {
    expect(await mailStatus()).toBe("off");
    expect(await sendMail({ to: "someone@example.com", subject: "Hello", text: "Hi" })).toEqual({ sent: false, reason: "not-configured" });
  });

  it("delivers through the saved SMTP server with its sealed password", async () => {
    await saveSmtp({});
    expect(await mailStatus()).toBe("settings");

    const result = await sendMail({ to: "alice@example.com", subject: "Your Gatehouse invitation", text: "Open this link to join: https://gate.example.com/invite/abc" });

    expect(result).toEqual({ sent: true });
    const message = await smtp.nextMessage();
    expect(message.to).toEqual(["alice@example.com"]);
    expect(message.from).toBe("gatehouse@example.com");
    expect(message.raw).toMatch(/^To: alice@example\.com$/m);
    expect(message.raw).toMatch(/^Subject: Your Gatehouse invitation$/m);
    expect(message.raw).toMatch(/^From: Gatehouse <gatehouse@example\.com>$/m);
    expect(mailText(message.raw)).toContain("Open this link to join: https://gate.example.com/invite/abc");
  });

  it("explains a refused password instead of throwing", async () => {
    await saveSmtp({ password: "not the password" });
    const result = await sendMail({ to: "alice@example.com", subject: "x", text: "y" });
    expect(result.sent).toBe(false);
    expect(!result.sent && result.reason).toMatch(/^The SMTP server at 127\.0\.0\.1:\d+ refused the user name or password\. Check them.*535/);
  });

  it("refuses to go on in clear text when STARTTLS is required but not offered", async () => {
    await saveSmtp({ security: "starttls", password: CREDENTIALS.password });
    const result = await sendMail({ to: "alice@example.com", subject: "x", text: "y" });
    expect(!result.sent && result.reason).toMatch(/encrypted connection to 127\.0\.0\.1:\d+ failed/);
    expect(smtp.messages).toHaveLength(1);
  });

  it("names the address when nothing listens there", async () => {
    await saveSmtp({ port: 1 });
    const result = await sendMail({ to: "alice@example.com", subject: "x", text: "y" });
    expect(!result.sent && result.reason).toBe("Nothing accepts connections at 127.0.0.1:1. Check the host and port.");
  });
});
