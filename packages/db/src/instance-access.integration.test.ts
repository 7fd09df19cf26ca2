import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACTOR } from "../test/actor.ts";
import { rejection } from "../test/rejection.ts";
import { testBox } from "../test/secret-box.ts";
import { migratedTempDb, type TTempDb } from "../test/temp-db.ts";
import { getInstanceAccess, smtpForSending, updateInstanceAccess } from "./instance-access.ts";
import { currentRevision } from "./revision.ts";

const SMTP = { host: "smtp.example.com", port: 587, security: "starttls", username: "mailer", from: "gatehouse@example.com" } as const;
const PASSWORD = "smtp-pass-do-not-leak";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

async function lastAccessAudit() {
  return temp.db.auditEvent.findFirstOrThrow({ where: { action: "instance-access.update" }, orderBy: { createdAt: "desc" } });
}

describe("instance access (registration and SMTP)", () => {
  it("starts invite-only with no mail server", async () => {
    expect(await getInstanceAccess(temp.db)).toEqual({ registration: "invite-only", smtp: null, smtpPasswordSet: false });
    expect(await smtpForSending(temp.db, testBox)).toBeNull();
  });

  it("seals the SMTP password, hands it only to the mailer, and bumps no config revision", async () => {
    const revision = await currentRevision(temp.db);
    const saved = await updateInstanceAccess(temp.db, testBox, { registration: "open", smtp: { ...SMTP, password: PASSWORD } }, TEST_ACTOR);

    expect(saved).toEqual({ registration: "open", smtp: SMTP, smtpPasswordSet: true });
    expect(await getInstanceAccess(temp.db)).toEqual(saved);
    expect(await smtpForSending(temp.db, testBox)).toEqual({ ...SMTP, password: PASSWORD });
    const row = await temp.db.instanceSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.smtpPassword).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(await currentRevision(temp.db)).toBe(revision);
  });

  it("records an instance-level audit entry that says the password changed but never holds it", async () => {
    const entry = await lastAccessAudit();
    expect(entry).toMatchObject({ organizationId: null, targetKind: "instance-settings", actorLabel: "test suite" });
    expect(JSON.parse(entry.before ?? "null")).toEqual({ registration: "invite-only", smtp: null, smtpPasswordSet: false });
    expect(JSON.parse(entry.after ?? "null")).toEqual({ registration: "open", smtp: SMTP, smtpPasswordSet: true, smtpPasswordChanged: true });
    expect(`${entry.before}${entry.after}`).not.toContain(PASSWORD);
  });

  it("keeps the stored password when the form sends it empty", async () => {
    await updateInstanceAccess(temp.db, testBox, { registration: "invite-only", smtp: { ...SMTP, port: 2525, password: "" } }, TEST_ACTOR);
    expect(await smtpForSending(temp.db, testBox)).toEqual({ ...SMTP, port: 2525, password: PASSWORD });
    expect(JSON.parse((await lastAccessAudit()).after ?? "null")).toMatchObject({ registration: "invite-only", smtpPasswordChanged: false });
  });

  it("refuses a username with no password stored or typed", async () => {
    await updateInstanceAccess(temp.db, testBox, { registration: "invite-only", smtp: null }, TEST_ACTOR);
    const error = await rejection(updateInstanceAccess(temp.db, testBox, { registration: "open", smtp: { ...SMTP, password: "" } }, TEST_ACTOR));
    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["smtp.password"]);
    expect(await getInstanceAccess(temp.db)).toEqual({ registration: "invite-only", smtp: null, smtpPasswordSet: false });
  });

  it("clears the password with the SMTP settings, and keeps none for a server without sign-in", async () => {
    await updateInstanceAccess(temp.db, testBox, { registration: "invite-only", smtp: { ...SMTP, password: PASSWORD } }, TEST_ACTOR);
    await updateInstanceAccess(temp.db, testBox, { registration: "invite-only", smtp: null }, TEST_ACTOR);
    expect((await temp.db.instanceSettings.findUniqueOrThrow({ where: { id: 1 } })).smtpPassword).toBeNull();
    expect(JSON.parse((await lastAccessAudit()).after ?? "null")).toMatchObject({ smtp: null, smtpPasswordChanged: true });

    await updateInstanceAccess(temp.db, testBox, { registration: "invite-only", smtp: { ...SMTP, username: "", password: "ignored" } }, TEST_ACTOR);
    expect(await smtpForSending(temp.db, testBox)).toEqual({ ...SMTP, username: "", password: "" });
  });

  it("refuses input outside the schema with field errors", async () => {
    const error = await rejection(updateInstanceAccess(temp.db, testBox, { registration: "everyone" as "open", smtp: { ...SMTP, port: 0, password: "" } }, TEST_ACTOR));
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["registration", "smtp"]);
  });
});
