import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh.tsx";
import { OrgConfirmButton } from "@/components/org-confirm-button.tsx";
import { PageCard } from "@/components/page-card.tsx";
import { deleteCertificate } from "@/features/certificates/actions.ts";
import { CertificateFacts } from "@/features/certificates/components/certificate-facts.tsx";
import { OrderTimeline } from "@/features/certificates/components/order-timeline.tsx";
import { RenewButton } from "@/features/certificates/components/renew-button.tsx";
import { orderRunning } from "@/features/certificates/order-progress.ts";
import { certificateDetail } from "@/features/certificates/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Certificate" };

const ORDER_REFRESH_MS = 1_000;

export default async function CertificatePage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org, id } = await params;
  const { membership } = await requireMember(org, "certificate:read");
  const { certificate, canWrite, canEditHosts, acme } = await certificateDetail(membership, id);
  const running = certificate.source === "acme" && orderRunning(certificate.status, certificate.events);
  const inUse = certificate.hosts.length > 0;
  return (
    <div className="space-y-6">
      <PageCard title={certificate.name} back={{ href: orgPath(membership.organizationSlug, "/certificates"), label: "Certificates" }}>
        <CertificateFacts organizationSlug={membership.organizationSlug} certificate={certificate} now={new Date()} linkHosts={canEditHosts} />
      </PageCard>

      {certificate.source === "acme" ? (
        <section aria-labelledby="order" className="mx-auto max-w-3xl space-y-4 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
          <div className="flex flex-wrap items-start justify-between gap-4">
            <div>
              <h2 id="order" className="text-sm font-semibold text-zinc-900">Orders and renewals</h2>
              <p className="mt-1 text-sm text-zinc-600">Renewed on its own when a third of its lifetime is left; failures are retried with growing pauses.</p>
            </div>
            {canWrite ? <RenewButton id={certificate.id} disabled={running} /> : null}
          </div>
          <OrderTimeline certificate={certificate} acme={acme} />
        </section>
      ) : null}

      {canWrite ? (
        <section aria-labelledby="danger-zone" className="mx-auto max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8">
          <h2 id="danger-zone" className="text-sm font-semibold text-zinc-900">Delete this certificate</h2>
          <p className="mb-4 mt-1 text-sm text-zinc-600">
            {inUse
              ? `${certificate.hosts.length === 1 ? "1 host uses" : `${certificate.hosts.length} hosts use`} it: switch them to another certificate or turn their HTTPS off first.`
              : "No host uses it."}
          </p>
          <OrgConfirmButton action={deleteCertificate} id={certificate.id}>
            Delete <strong className="font-semibold">{certificate.name}</strong>? Its private key is erased. This cannot be undone.
          </OrgConfirmButton>
        </section>
      ) : null}
      {running ? <AutoRefresh intervalMs={ORDER_REFRESH_MS} /> : null}
    </div>
  );
}
