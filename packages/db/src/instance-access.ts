import {
  AppError,
  SMTP_SECURITY,
  ZInstanceAccessInput,
  ZRegistrationMode,
  zodFieldErrors,
  type TInstanceAccessInput,
  type TRegistrationMode,
} from "@gatehouse/shared";
import { z } from "zod";
import type { TActor } from "./audit/actor.ts";
import { recordAudit } from "./audit/record-audit.ts";
import type { Db, TransactionClient } from "./client.ts";
import { parseJsonColumn } from "./json-column.ts";
import type { TSecretBox } from "./secrets/secret-box.ts";

/** InstanceSettings has exactly one row, inserted by the migration that created the table. */
const INSTANCE_SETTINGS_ID = 1;

/** The SMTP column: the settings without their password, which lives sealed in its own column. */
const ZStoredSmtp = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  security: z.enum(SMTP_SECURITY),
  username: z.string(),
  from: z.string().min(1),
});

export type TSmtpView = z.infer<typeof ZStoredSmtp>;

/** What the settings page and the sign-up pages read: never the SMTP password, only whether one is stored. */
export type TInstanceAccessView = {
  registration: TRegistrationMode;
  smtp: TSmtpView | null;
  smtpPasswordSet: boolean;
};

/** What the mailer sends with: the stored settings and the password opened (empty: no SMTP auth). */
export type TSmtpForSending = TSmtpView & { password: string };

export type TInstanceAccessDraft = z.input<typeof ZInstanceAccessInput>;

type TAccessRow = { registration: string; smtp: string | null; smtpPassword: string | null };

async function readRow(db: Db | TransactionClient): Promise<TAccessRow | null> {
  return db.instanceSettings.findUnique({
    where: { id: INSTANCE_SETTINGS_ID },
    select: { registration: true, smtp: true, smtpPassword: true },
  });
}

function toView(row: TAccessRow | null): TInstanceAccessView {
  if (!row) return { registration: "invite-only", smtp: null, smtpPasswordSet: false };
  return {
    registration: ZRegistrationMode.parse(row.registration),
    smtp: row.smtp === null ? null : parseJsonColumn(ZStoredSmtp, row.smtp, "The SMTP setting"),
    smtpPasswordSet: row.smtpPassword !== null,
  };
}

/** Instance-wide, not tenant-owned; readable by the sign-up pages (registration mode) without a session. */
export async function getInstanceAccess(db: Db | TransactionClient): Promise<TInstanceAccessView> {
  return toView(await readRow(db));
}

/** The GUI's SMTP settings with the password unsealed, or null when none are saved. */
export async function smtpForSending(db: Db, box: TSecretBox): Promise<TSmtpForSending | null> {
  const row = await readRow(db);
  const view = toView(row);
  if (view.smtp === null) return null;
  return { ...view.smtp, password: row?.smtpPassword ? box.open(row.smtpPassword) : "" };
}

/**
 * Saves who may register and the outgoing mail server. The password is write-only: empty keeps the
 * stored one, no username means no SMTP authentication (and no password kept), `smtp: null` clears
 * both. Not a proxy setting, so no config revision. The audit entry holds the views, never the
 * password: only whether it changed.
 */
export async function updateInstanceAccess(db: Db, box: TSecretBox, input: TInstanceAccessDraft, actor: TActor): Promise<TInstanceAccessView> {
  const result = ZInstanceAccessInput.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", "Check the highlighted sign-up and email settings.", zodFieldErrors(result.error));
  const settings: TInstanceAccessInput = result.data;
  return db.$transaction(async (tx) => {
    const stored = await readRow(tx);
    let smtpPassword: string | null = null;
    let smtp: string | null = null;
    if (settings.smtp !== null) {
      const { password, ...rest } = settings.smtp;
      smtp = JSON.stringify(ZStoredSmtp.parse(rest));
      if (rest.username !== "") {
        smtpPassword = password === "" ? (stored?.smtpPassword ?? null) : box.seal(password);
        if (smtpPassword === null) {
          const message = "Enter the password for this SMTP username (or clear the username for a server without sign-in).";
          throw new AppError("BAD_INPUT", message, { "smtp.password": [message] });
        }
      }
    }
    const columns = { registration: settings.registration, smtp, smtpPassword };
    await tx.instanceSettings.upsert({ where: { id: INSTANCE_SETTINGS_ID }, create: { id: INSTANCE_SETTINGS_ID, ...columns }, update: columns });
    const saved = toView(columns);
    await recordAudit(tx, {
      organizationId: null,
      actor,
      action: "instance-access.update",
      targetKind: "instance-settings",
      targetId: null,
      targetLabel: "Sign-up and email",
      before: toView(stored),
      after: { ...saved, smtpPasswordChanged: (stored?.smtpPassword ?? null) !== smtpPassword },
    });
    return saved;
  });
}
