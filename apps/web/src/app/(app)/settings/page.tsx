import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { BackupCard } from "@/features/backup/components/backup-card.tsx";
import { AcmeSettingsForm } from "@/features/settings/components/acme-settings-form.tsx";
import { InstanceAccessSection } from "@/features/settings/components/instance-access-section.tsx";
import { SettingsForm } from "@/features/settings/components/settings-form.tsx";
import { instanceAccessForEdit } from "@/features/settings/instance-access-queries.ts";
import { settingsForEdit } from "@/features/settings/queries.ts";

export const metadata: Metadata = { title: "Instance settings" };

export default async function SettingsPage() {
  const [{ proxy, acme }, access] = await Promise.all([settingsForEdit(), instanceAccessForEdit()]);
  return (
    <main className="mx-auto max-w-6xl space-y-6 px-6 py-8">
      <PageCard title="Instance settings" description="These apply to every organization and every proxy node of this Gatehouse.">
        <SettingsForm initial={proxy} />
      </PageCard>
      <section aria-labelledby="acme-account" className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
        <h2 id="acme-account" className="text-lg font-semibold tracking-tight text-zinc-900">ACME account</h2>
        <p className="mt-1 text-sm text-zinc-600">
          Hosts with automatic HTTPS get their certificates from this certificate authority, for every organization.
        </p>
        <div className="mt-6">
          <AcmeSettingsForm initial={acme} />
        </div>
      </section>
      <InstanceAccessSection access={access} />
      <BackupCard />
    </main>
  );
}
