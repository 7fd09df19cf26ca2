"use server";

import { getInstanceAccess, updateInstanceAccess } from "@gatehouse/db";
import { AppError, ZRegistrationMode, ZSmtpSettingsInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { z } from "zod";
import { instanceOwnerAction } from "@/server/action.ts";
import { getDb } from "@/server/db.ts";
import { getEnv } from "@/server/env.ts";
import { sendMail } from "@/server/mail/mailer.ts";
import { getSecretBox } from "@/server/secret-box.ts";
import { readSmtpForm } from "./instance-access-form-data.ts";

/** The stored SMTP settings as an update that keeps them (an empty password keeps the sealed one). */
function keptSmtp(smtp: Awaited<ReturnType<typeof getInstanceAccess>>["smtp"]) {
  return smtp === null ? null : { ...smtp, password: "" };
}

export const saveRegistration = instanceOwnerAction({
  schema: z.object({ registration: ZRegistrationMode }),
  handler: async ({ registration }, { actor }) => {
    const db = getDb();
    const current = await getInstanceAccess(db);
    await updateInstanceAccess(db, getSecretBox(), { registration, smtp: keptSmtp(current.smtp) }, actor);
    refresh();
    return { ok: true, message: registration === "open" ? "Saved. Anyone can now create an account." : "Saved. New accounts need an invitation." };
  },
});

export const saveSmtpSettings = instanceOwnerAction({
  schema: z.object({ smtp: ZSmtpSettingsInput.nullable() }),
  read: readSmtpForm,
  handler: async ({ smtp }, { actor }) => {
    if (getEnv().smtp) throw new AppError("CONFLICT", "Outgoing email is set by GATEHOUSE_SMTP_URL in the server's environment. Change it there.");
    const db = getDb();
    const current = await getInstanceAccess(db);
    await updateInstanceAccess(db, getSecretBox(), { registration: current.registration, smtp }, actor);
    refresh();
    return { ok: true, message: smtp === null ? "Saved. Email is off." : "Saved. Send a test email to check it." };
  },
});

/** Sends a short message to the instance owner's own address with the saved (or environment) settings. */
export const sendTestEmail = instanceOwnerAction({
  schema: z.object({}),
  handler: async (_input, { userId }) => {
    const owner = await getDb().user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!owner) throw new AppError("UNAUTHENTICATED", "Your session has ended. Sign in again to continue.");
    const result = await sendMail({
      to: owner.email,
      subject: "Gatehouse test email",
      text: "This is a test email from Gatehouse. Outgoing email works: invitations and password reset links will arrive like this one.",
    });
    if (result.sent) return { ok: true, message: `Sent to ${owner.email}. Check that it arrived (and not in the spam folder).` };
    if (result.reason === "not-configured") throw new AppError("BAD_INPUT", "Email is off: save an SMTP server first.");
    throw new AppError("EXTERNAL_SERVICE", result.reason);
  },
});
