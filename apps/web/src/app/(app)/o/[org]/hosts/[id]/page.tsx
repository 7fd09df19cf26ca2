import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh.tsx";
import { OrgConfirmButton } from "@/components/org-confirm-button.tsx";
import { PageCard } from "@/components/page-card.tsx";
import { deleteHost } from "@/features/hosts/actions.ts";
import { HostCertificateOrder } from "@/features/hosts/components/host-certificate-order.tsx";
import { HostForm } from "@/features/hosts/components/host-form.tsx";
import { hostFormContext } from "@/features/hosts/queries.ts";
import { orderRunning } from "@/features/certificates/order-progress.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Edit host" };

// The same pace as the hosts list while a change is pending: each order step shows within a second.
const ORDER_REFRESH_MS = 1_000;

export default async function EditHostPage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const { membership } = await requireMember(org, "host:write");
  const { initial, upstreams, certificates, acme, name, order } = await hostFormContext(membership, id);
  return (
    <div className="space-y-6">
      <PageCard title={name ?? id} back={{ href: orgPath(membership.organizationSlug, "/hosts"), label: "Hosts" }} description="Edit the domains and where their requests go.">
        {order ? <HostCertificateOrder organizationSlug={membership.organizationSlug} certificate={order} acme={acme} /> : null}
        <HostForm initial={initial} upstreams={upstreams} certificates={certificates} acme={acme} />
      </PageCard>
      <section aria-labelledby="danger-zone" className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
        <h2 id="danger-zone" className="text-sm font-semibold text-zinc-900">Delete this host</h2>
        <p className="mb-4 mt-1 text-sm text-zinc-600">Its domains stop being served and can be used by another host.</p>
        <OrgConfirmButton action={deleteHost} id={id}>
          Delete <strong className="font-semibold">{name}</strong>? Proxies stop serving its domains within a second. This cannot be undone.
        </OrgConfirmButton>
      </section>
      {order && orderRunning(order.status, order.events) ? <AutoRefresh intervalMs={ORDER_REFRESH_MS} /> : null}
    </div>
  );
}
