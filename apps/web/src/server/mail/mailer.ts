import "server-only";
import { getInstanceAccess, smtpForSending } from "@gatehouse/db";
import { isAppError, type TSmtpSettingsInput } from "@gatehouse/shared";
import { getDb } from "../db.ts";
import { getEnv } from "../env.ts";
import { getSecretBox } from "../secret-box.ts";
import { sendWithSmtp, type TMailMessage, type TSendResult } from "./smtp-send.ts";

export type { TMailMessage, TSendResult } from "./smtp-send.ts";

/** Where outgoing mail is configured: GATEHOUSE_SMTP_URL, the settings page, or nowhere. */
export type TMailStatus = "environment" | "settings" | "off";

/** The environment wins over the settings page (an operator's deployment decides, the GUI shows it). */
async function currentSmtp(): Promise<TSmtpSettingsInput | null> {
  return getEnv().smtp ?? (await smtpForSending(getDb(), getSecretBox()));
}

export async function mailStatus(): Promise<TMailStatus> {
  if (getEnv().smtp) return "environment";
  return (await getInstanceAccess(getDb())).smtp === null ? "off" : "settings";
}

/**
 * Sends one email. Never throws for mail problems: `reason` is "not-configured" when no SMTP server is
 * set anywhere, otherwise what went wrong in words a person can act on (shown to the instance owner).
 */
export async function sendMail(message: TMailMessage): Promise<TSendResult> {
  let smtp: TSmtpSettingsInput | null;
  try {
    smtp = await currentSmtp();
  } catch (error) {
    // A stored password sealed under another GATEHOUSE_SECRET: say so instead of failing the caller.
    if (isAppError(error)) return { sent: false, reason: `${error.message} (The SMTP password: enter it again under Settings.)` };
    throw error;
  }
  if (!smtp) return { sent: false, reason: "not-configured" };
  return sendWithSmtp(smtp, message);
}
