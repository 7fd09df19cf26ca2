import type { TCertificateDetailView } from "@gatehouse/db";
import Link from "next/link";
import { orgPath } from "@/lib/org-path.ts";
import { certificateExpiry } from "@/features/certificates/certificate-dates.ts";
import { CertificateStatusBadge } from "@/features/certificates/components/certificate-status-badge.tsx";
import { OrderTimeline } from "@/features/certificates/components/order-timeline.tsx";
import type { TAcmeReadiness } from "@/features/certificates/acme-readiness.ts";

/** The host's automatic certificate, its order steps as they happen, at the top of the host page. */
type THostCertificateOrderProps = { organizationSlug: string; certificate: TCertificateDetailView; acme: TAcmeReadiness };

export function HostCertificateOrder({ organizationSlug, certificate, acme }: THostCertificateOrderProps) {
  return (
    <section aria-labelledby="https-order" className="mb-8 space-y-4 rounded-xl p-4 ring-1 ring-zinc-200">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="https-order" className="text-sm font-semibold text-zinc-900">
          HTTPS certificate
        </h2>
        <CertificateStatusBadge status={certificate.status} expired={certificateExpiry(certificate.notAfter, new Date()).expired} />
        <Link href={orgPath(organizationSlug, `/certificates/${certificate.id}`)} className="ml-auto text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Certificate details
        </Link>
      </div>
      <OrderTimeline certificate={certificate} acme={acme} />
    </section>
  );
}
