import "server-only";
import { getInstanceAccess } from "@gatehouse/db";
import { connection } from "next/server";
import { getDb } from "@/server/db.ts";
import { mailStatus } from "@/server/mail/mailer.ts";

/** Whether anyone may create an account on the sign-up page. Read per request, never at build time. */
export async function registrationIsOpen(): Promise<boolean> {
  await connection();
  return (await getInstanceAccess(getDb())).registration === "open";
}

/** Whether Gatehouse can send email at all (reset links need it). */
export async function canSendMail(): Promise<boolean> {
  await connection();
  return (await mailStatus()) !== "off";
}
