import type { TInstanceAccessFormValues } from "../instance-access-form-data.ts";
import { SECURITY_LABELS } from "../instance-access-form-data.ts";
import { RegistrationForm } from "./registration-form.tsx";
import { SmtpSettingsForm } from "./smtp-settings-form.tsx";
import { TestEmailButton } from "./test-email-button.tsx";

/** Read-only SMTP settings from GATEHOUSE_SMTP_URL: the GUI cannot change what the deployment sets. */
function EnvironmentSmtp({ smtp }: { smtp: TInstanceAccessFormValues["smtp"] }) {
  const rows: [string, string][] = [
    ["SMTP host", `${smtp.host}:${smtp.port}`],
    ["Encryption", SECURITY_LABELS[smtp.security]],
    ["User name", smtp.username || "(none: no sign-in)"],
    ["From address", smtp.from],
  ];
  return (
    <div className="space-y-3">
      <p className="rounded-lg border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700">
        Set by <code className="font-mono text-xs">GATEHOUSE_SMTP_URL</code> in the server&apos;s environment, which wins over settings made here. Change it
        there and restart Gatehouse.
      </p>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500">{label}</dt>
            <dd className="font-mono text-zinc-900">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The settings page's "Sign-up and email" section (instance owner only: the page checks). */
export function InstanceAccessSection({ access }: { access: TInstanceAccessFormValues }) {
  return (
    <section aria-labelledby="sign-up-and-email" className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
      <h2 id="sign-up-and-email" className="text-lg font-semibold tracking-tight text-zinc-900">
        Sign-up and email
      </h2>
      <p className="mt-1 text-sm text-zinc-600">Who can create an account, and the mail server invitations and password reset links go out through.</p>
      <div className="mt-6">
        <RegistrationForm initial={access.registration} />
      </div>
      <div className="mt-8 space-y-5">
        <div>
          <h3 className="text-sm font-semibold text-zinc-900">Outgoing email</h3>
          <p className="text-xs text-zinc-500">
            {access.mailSource === "off"
              ? "Email is off: invitation links are only shown to the inviter to pass on, and nobody can reset a forgotten password."
              : "Invitations and password reset links are sent through this server."}
          </p>
        </div>
        {access.mailSource === "environment" ? <EnvironmentSmtp smtp={access.smtp} /> : <SmtpSettingsForm initial={access.smtp} />}
        <TestEmailButton ownerEmail={access.ownerEmail} disabled={access.mailSource === "off"} fromEnvironment={access.mailSource === "environment"} />
      </div>
    </section>
  );
}
