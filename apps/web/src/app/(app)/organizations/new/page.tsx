import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { NewOrganizationForm } from "@/features/organizations/components/new-organization-form.tsx";
import { requireInstanceOwner } from "@/server/session.ts";

export const metadata: Metadata = { title: "New organization" };

/** Organizations are created by the instance owner (the first user); anyone else gets a 404. */
export default async function NewOrganizationPage() {
  await requireInstanceOwner();
  return (
    <main className="mx-auto max-w-6xl px-6 py-8">
      <PageCard title="New organization" description="Each organization has its own hosts, upstreams, certificates, members and audit log.">
        <NewOrganizationForm cancelHref="/" />
      </PageCard>
    </main>
  );
}
