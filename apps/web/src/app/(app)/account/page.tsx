import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ChangePasswordForm } from "@/features/account/components/change-password-form.tsx";
import { SessionsList } from "@/features/account/components/sessions-list.tsx";
import { TwoFactorCard } from "@/features/account/components/two-factor-card.tsx";
import { accountOverview } from "@/features/account/queries.ts";
import { requireViewer } from "@/server/session.ts";

export const metadata: Metadata = { title: "Your account" };

function Section({ id, title, description, children }: { id: string; title: string; description: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
      <h2 id={id} className="text-lg font-semibold tracking-tight text-zinc-900">
        {title}
      </h2>
      <p className="mt-1 text-sm text-zinc-600">{description}</p>
      <div className="mt-6">{children}</div>
    </section>
  );
}

export default async function AccountPage() {
  const viewer = await requireViewer();
  const { twoFactorEnabled, sessions } = await accountOverview(viewer.user.id);
  return (
    <main className="mx-auto max-w-6xl space-y-6 px-6 py-8">
      <header className="mx-auto max-w-3xl">
        <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Your account</h1>
        <p className="mt-1 text-sm text-zinc-600">
          {viewer.user.name} · {viewer.user.email}
        </p>
      </header>
      <Section id="two-factor" title="Two-factor authentication" description="A code from an authenticator app on your phone, asked for after your password.">
        <TwoFactorCard enabled={twoFactorEnabled} />
      </Section>
      <Section id="sessions" title="Sessions" description="Where you are signed in. Sign out any you do not recognise, then change your password.">
        <SessionsList sessions={sessions} />
      </Section>
      <Section id="password" title="Password" description="Changing it signs out every other session.">
        <ChangePasswordForm />
      </Section>
    </main>
  );
}
