import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { SettingsForm } from "@/features/settings/components/settings-form.tsx";
import { settingsForEdit } from "@/features/settings/queries.ts";

export const metadata: Metadata = { title: "Instance settings" };

export default async function SettingsPage() {
  const initial = await settingsForEdit();
  return (
    <PageCard title="Instance settings" description="These apply to every organization and every proxy node of this Gatehouse.">
      <SettingsForm initial={initial} />
    </PageCard>
  );
}
