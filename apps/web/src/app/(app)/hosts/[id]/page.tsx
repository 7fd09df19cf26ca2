import type { Metadata } from "next";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button.tsx";
import { PageCard } from "@/components/page-card.tsx";
import { deleteHost } from "@/features/hosts/actions.ts";
import { HostForm } from "@/features/hosts/components/host-form.tsx";
import { hostFormContext } from "@/features/hosts/queries.ts";

export const metadata: Metadata = { title: "Edit host" };

export default async function EditHostPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { initial, upstreams, name } = await hostFormContext(id);
  return (
    <div className="space-y-6">
      <PageCard title={name ?? id} back={{ href: "/hosts", label: "Hosts" }} description="Edit the domains and where their requests go.">
        <HostForm initial={initial} upstreams={upstreams} />
      </PageCard>
      <section aria-labelledby="danger-zone" className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
        <h2 id="danger-zone" className="text-sm font-semibold text-zinc-900">Delete this host</h2>
        <p className="mb-4 mt-1 text-sm text-zinc-600">Its domains stop being served and can be used by another host.</p>
        <ConfirmDeleteButton action={deleteHost} id={id}>
          Delete <strong className="font-semibold">{name}</strong>? Proxies stop serving its domains within a second. This cannot be undone.
        </ConfirmDeleteButton>
      </section>
    </div>
  );
}
