import "server-only";
import { getInstanceAccess } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";
import { getEnv } from "@/server/env.ts";
import { mailStatus } from "@/server/mail/mailer.ts";
import { requireInstanceOwner } from "@/server/session.ts";
import { smtpFormValues, type TInstanceAccessFormValues } from "./instance-access-form-data.ts";

/** Registration mode and SMTP settings for the settings page; a 404 for anyone but the instance owner. */
export async function instanceAccessForEdit(): Promise<TInstanceAccessFormValues> {
  const viewer = await requireInstanceOwner();
  const [access, mailSource] = await Promise.all([getInstanceAccess(getDb()), mailStatus()]);
  // With GATEHOUSE_SMTP_URL the page shows what the environment says (without its password).
  const fromEnv = getEnv().smtp;
  return {
    registration: access.registration,
    mailSource,
    smtp: fromEnv ? smtpFormValues(fromEnv, fromEnv.password !== "") : smtpFormValues(access.smtp, access.smtpPasswordSet),
    ownerEmail: viewer.user.email,
  };
}
