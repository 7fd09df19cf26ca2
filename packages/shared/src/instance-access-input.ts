import { z } from "zod";
import { ZEmail } from "./account-input.ts";

/**
 * Who may create an account: "invite-only" (the default: only through an invitation link) or "open"
 * (anyone reaching the sign-up page; they get an organization of their own).
 */
export const REGISTRATION_MODES = ["invite-only", "open"] as const;
export const ZRegistrationMode = z.enum(REGISTRATION_MODES, "Choose invite-only or open registration.");

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;

/**
 * Outgoing mail for invitations and password resets. The password is write-only: an empty field on
 * save keeps the stored one. GATEHOUSE_SMTP_URL in the environment, when set, wins over these.
 */
export const ZSmtpSettingsInput = z.object({
  host: z.string().trim().min(1, "Enter the SMTP server's host name, for example smtp.example.com.").max(253),
  port: z.coerce
    .number("Give the port as a number, usually 587 (STARTTLS) or 465 (TLS).")
    .int("Give the port as a whole number.")
    .min(1, "Ports go from 1 to 65535.")
    .max(65535, "Ports go from 1 to 65535."),
  security: z.enum(SMTP_SECURITY, "Choose STARTTLS, TLS or none."),
  username: z.string().trim().max(254).default(""),
  password: z.string().max(1024).default(""),
  from: ZEmail,
});

export const ZInstanceAccessInput = z.object({
  registration: ZRegistrationMode,
  /** null: no SMTP configured here (mail is off unless the environment sets it). */
  smtp: ZSmtpSettingsInput.nullable(),
});

export type TRegistrationMode = z.infer<typeof ZRegistrationMode>;
export type TSmtpSettingsInput = z.infer<typeof ZSmtpSettingsInput>;
export type TInstanceAccessInput = z.infer<typeof ZInstanceAccessInput>;
