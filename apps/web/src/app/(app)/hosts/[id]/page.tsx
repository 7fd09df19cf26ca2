import type { Metadata } from "next";
import { PageCard } from "@/components/page-card.tsx";
import { DeleteHostButton } from "@/features/hosts/components/delete-host-button.tsx";
import { HostForm } from "@/features/hosts/components/host-form.tsx";
import { hostForEdit } from "@/features/hosts/queries.ts";

export const metadata: Metadata = { title: "Edit host" };

export default async function EditHostPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const host = await hostForEdit(id);
  const name = host.domains[0] ?? host.id;
  return (
    <div className="space-y-6">
      <PageCard title={name} description="Edit the domains and backend of this host.">
        <HostForm host={host} />
      </PageCard>
      <section aria-labelledby="danger-zone" className="mx-auto max-w-2xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200">
        <h2 id="danger-zone" className="text-sm font-semibold text-zinc-900">Delete this host</h2>
        <p className="mb-4 mt-1 text-sm text-zinc-600">Its domains stop being served and can be used by another host.</p>
        <DeleteHostButton hostId={host.id} hostName={name} />
      </section>
    </div>
  );
}
