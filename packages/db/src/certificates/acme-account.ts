import { AppError, ZAcmeSettingsInput, zodFieldErrors } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "../audit/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db } from "../client.ts";
import type { AcmeAccount } from "../generated/prisma/client.ts";
import type { TSecretBox } from "../secrets/secret-box.ts";

/** AcmeAccount has one row (id 1) once the instance owner saved the ACME settings. */
const ACME_ACCOUNT_ID = 1;

/** The settings form's view: the EAB HMAC key is a secret and never leaves the server. */
export type TAcmeSettingsView = { email: string; directoryUrl: string; eab: { keyId: string; hasHmacKey: boolean } | null };

/** What the certificate manager orders with: secrets opened, the account only if registered with this directory. */
export type TAcmeAccountForEngine = {
  email: string;
  directoryUrl: string;
  eab: { keyId: string; hmacKey: string } | null;
  accountKeyPem: string | null;
  accountUrl: string | null;
};

export type TAcmeSettingsDraft = z.input<typeof ZAcmeSettingsInput>;

// Instance-wide, not tenant-owned: the web layer lets only the instance owner call the update.
export async function getAcmeSettings(db: Db): Promise<TAcmeSettingsView | null> {
  const row = await db.acmeAccount.findUnique({ where: { id: ACME_ACCOUNT_ID } });
  return row === null ? null : toAcmeSettingsView(row);
}

function toAcmeSettingsView(row: AcmeAccount): TAcmeSettingsView {
  return {
    email: row.email,
    directoryUrl: row.directoryUrl,
    eab: row.eabKeyId === null ? null : { keyId: row.eabKeyId, hasHmacKey: row.eabHmacKeyEncrypted !== null },
  };
}

/**
 * Saves the settings. An empty EAB HMAC key keeps the stored one (the form never receives it back).
 * Another directory is another CA: the account registered with the old one is forgotten and a new one
 * is registered on the next order. The audit entry (instance-level) holds the settings' views: never the
 * HMAC key.
 */
export async function updateAcmeSettings(db: Db, box: TSecretBox, input: TAcmeSettingsDraft, actor: TActor): Promise<TAcmeSettingsView> {
  const result = ZAcmeSettingsInput.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", "Check the highlighted ACME settings.", zodFieldErrors(result.error));
  const settings = result.data;
  return db.$transaction(async (tx) => {
    const stored = await tx.acmeAccount.findUnique({ where: { id: ACME_ACCOUNT_ID } });
    let eabHmacKeyEncrypted: string | null = null;
    if (settings.eab !== null) {
      eabHmacKeyEncrypted = settings.eab.hmacKey === "" ? (stored?.eabHmacKeyEncrypted ?? null) : box.seal(settings.eab.hmacKey);
      if (eabHmacKeyEncrypted === null) {
        const message = "Enter the EAB HMAC key your CA gave you with the key ID.";
        throw new AppError("BAD_INPUT", message, { "eab.hmacKey": [message] });
      }
    }
    const directoryChanged = stored !== null && stored.directoryUrl !== settings.directoryUrl;
    const columns = {
      email: settings.email,
      directoryUrl: settings.directoryUrl,
      eabKeyId: settings.eab?.keyId ?? null,
      eabHmacKeyEncrypted,
      ...(directoryChanged ? { accountKeyEncrypted: null, accountUrl: null, registeredDirectory: null } : {}),
    };
    const saved = toAcmeSettingsView(
      await tx.acmeAccount.upsert({ where: { id: ACME_ACCOUNT_ID }, create: { id: ACME_ACCOUNT_ID, ...columns }, update: columns }),
    );
    await recordAudit(tx, {
      organizationId: null,
      actor,
      action: "acme-account.update",
      targetKind: "acme-account",
      targetId: null,
      targetLabel: "ACME account",
      before: stored === null ? null : toAcmeSettingsView(stored),
      after: saved,
    });
    return saved;
  });
}

export async function acmeAccountForEngine(db: Db, box: TSecretBox): Promise<TAcmeAccountForEngine | null> {
  const row = await db.acmeAccount.findUnique({ where: { id: ACME_ACCOUNT_ID } });
  if (!row) return null;
  const registered = row.registeredDirectory === row.directoryUrl;
  return {
    email: row.email,
    directoryUrl: row.directoryUrl,
    eab: row.eabKeyId !== null && row.eabHmacKeyEncrypted !== null ? { keyId: row.eabKeyId, hmacKey: box.open(row.eabHmacKeyEncrypted) } : null,
    accountKeyPem: registered && row.accountKeyEncrypted !== null ? box.open(row.accountKeyEncrypted) : null,
    accountUrl: registered ? row.accountUrl : null,
  };
}

/**
 * Keeps the account the manager registered. `directoryUrl` is the directory it registered with: if the
 * settings moved to another one meanwhile, acmeAccountForEngine does not hand this account out.
 */
export async function saveAcmeAccount(db: Db, box: TSecretBox, account: { accountKeyPem: string; accountUrl: string; directoryUrl: string }): Promise<void> {
  const { count } = await db.acmeAccount.updateMany({
    where: { id: ACME_ACCOUNT_ID },
    data: { accountKeyEncrypted: box.seal(account.accountKeyPem), accountUrl: account.accountUrl, registeredDirectory: account.directoryUrl },
  });
  if (count === 0) throw new AppError("INTERNAL", "The ACME account was registered but the ACME settings are gone; save them again.");
}
