import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection } from "../../test/rejection.ts";
import { testBox } from "../../test/secret-box.ts";
import { migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { currentRevision } from "../revision.ts";
import { acmeAccountForEngine, getAcmeSettings, saveAcmeAccount, updateAcmeSettings } from "./acme-account.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

const STAGING = "https://acme-staging-v02.api.letsencrypt.org/directory";
const PEBBLE = "https://127.0.0.1:14000/dir";
const ACCOUNT_KEY = "-----BEGIN PRIVATE KEY-----\naccount\n-----END PRIVATE KEY-----\n";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

describe("ACME settings and account", () => {
  it("are absent until the owner saves them", async () => {
    expect(await getAcmeSettings(temp.db)).toBeNull();
    expect(await acmeAccountForEngine(temp.db, testBox)).toBeNull();
  });

  it("keep the EAB HMAC key sealed: the settings view says only that there is one", async () => {
    const revision = await currentRevision(temp.db);

    const saved = await updateAcmeSettings(temp.db, testBox, { email: "ops@example.com", directoryUrl: STAGING, eab: { keyId: "kid-1", hmacKey: "aG1hYy1rZXk" } }, TEST_ACTOR);

    const expected = { email: "ops@example.com", directoryUrl: STAGING, eab: { keyId: "kid-1", hasHmacKey: true } };
    expect(saved).toEqual(expected);
    expect(await getAcmeSettings(temp.db)).toEqual(expected);
    const row = await temp.db.acmeAccount.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.eabHmacKeyEncrypted).toMatch(/^v1\./);
    expect(await acmeAccountForEngine(temp.db, testBox)).toEqual({
      email: "ops@example.com",
      directoryUrl: STAGING,
      eab: { keyId: "kid-1", hmacKey: "aG1hYy1rZXk" },
      accountKeyPem: null,
      accountUrl: null,
    });
    expect(await currentRevision(temp.db)).toBe(revision);
  });

  it("keep the stored HMAC key when the form sends it empty, and refuse an EAB key ID without any", async () => {
    await updateAcmeSettings(temp.db, testBox, { email: "admin@example.com", directoryUrl: STAGING, eab: { keyId: "kid-2", hmacKey: "" } }, TEST_ACTOR);
    expect((await acmeAccountForEngine(temp.db, testBox))?.eab).toEqual({ keyId: "kid-2", hmacKey: "aG1hYy1rZXk" });

    await updateAcmeSettings(temp.db, testBox, { email: "admin@example.com", directoryUrl: STAGING, eab: null }, TEST_ACTOR);
    expect(await getAcmeSettings(temp.db)).toMatchObject({ eab: null });
    const error = await rejection(updateAcmeSettings(temp.db, testBox, { email: "admin@example.com", directoryUrl: STAGING, eab: { keyId: "kid-3", hmacKey: "" } }, TEST_ACTOR));
    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["eab.hmacKey"]);
    expect(await getAcmeSettings(temp.db)).toMatchObject({ eab: null });
  });

  it("hand the registered account to the engine while the directory stays, and forget it when the directory changes", async () => {
    await saveAcmeAccount(temp.db, testBox, { accountKeyPem: ACCOUNT_KEY, accountUrl: "https://ca.example/acct/1", directoryUrl: STAGING });
    expect(await acmeAccountForEngine(temp.db, testBox)).toMatchObject({ accountKeyPem: ACCOUNT_KEY, accountUrl: "https://ca.example/acct/1" });
    expect((await temp.db.acmeAccount.findUniqueOrThrow({ where: { id: 1 } })).accountKeyEncrypted).not.toContain("account");

    await updateAcmeSettings(temp.db, testBox, { email: "new@example.com", directoryUrl: STAGING }, TEST_ACTOR);
    expect(await acmeAccountForEngine(temp.db, testBox)).toMatchObject({ email: "new@example.com", accountUrl: "https://ca.example/acct/1" });

    await updateAcmeSettings(temp.db, testBox, { email: "new@example.com", directoryUrl: PEBBLE }, TEST_ACTOR);
    expect(await acmeAccountForEngine(temp.db, testBox)).toMatchObject({ directoryUrl: PEBBLE, accountKeyPem: null, accountUrl: null });
  });

  it("do not hand out an account registered with a directory the settings have left meanwhile", async () => {
    await saveAcmeAccount(temp.db, testBox, { accountKeyPem: ACCOUNT_KEY, accountUrl: "https://ca.example/acct/2", directoryUrl: STAGING });

    expect(await acmeAccountForEngine(temp.db, testBox)).toMatchObject({ directoryUrl: PEBBLE, accountKeyPem: null, accountUrl: null });
  });
});
