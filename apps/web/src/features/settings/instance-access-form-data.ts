import { SMTP_SECURITY } from "@gatehouse/shared";
import { formReader } from "@/lib/form-reader.ts";

export type TSmtpSecurity = (typeof SMTP_SECURITY)[number];

/** The SMTP settings as the page shows them: never the password, only whether one is stored. */
export type TSmtpFormValues = { host: string; port: string; security: TSmtpSecurity; username: string; from: string; hasPassword: boolean };

/** The "Sign-up and email" section's data, for the instance owner only. */
export type TInstanceAccessFormValues = {
  registration: "invite-only" | "open";
  /** Where mail goes out from: GATEHOUSE_SMTP_URL (read-only here), these settings, or nowhere. */
  mailSource: "environment" | "settings" | "off";
  smtp: TSmtpFormValues;
  /** The address the test email goes to: the instance owner's own. */
  ownerEmail: string;
};

export const SECURITY_LABELS: Record<TSmtpSecurity, string> = {
  starttls: "STARTTLS (usually port 587)",
  tls: "TLS from the start (usually port 465)",
  none: "None: only for a relay on a private network",
};

/** The SMTP form shaped for `{ smtp: ZSmtpSettingsInput | null }`: an empty host turns email off. */
export function readSmtpForm(formData: FormData) {
  const form = formReader(formData);
  const host = form.text("smtp.host").trim();
  if (host === "") return { smtp: null };
  return {
    smtp: {
      host,
      port: form.number("smtp.port"),
      security: form.text("smtp.security"),
      username: form.text("smtp.username").trim(),
      password: form.text("smtp.password"),
      from: form.text("smtp.from").trim(),
    },
  };
}

export function smtpFormValues(smtp: { host: string; port: number; security: TSmtpSecurity; username: string; from: string } | null, hasPassword: boolean): TSmtpFormValues {
  return smtp === null
    ? { host: "", port: "587", security: "starttls", username: "", from: "", hasPassword: false }
    : { host: smtp.host, port: String(smtp.port), security: smtp.security, username: smtp.username, from: smtp.from, hasPassword };
}
