import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { CertificateList } from "@/features/certificates/components/certificate-list.tsx";
import { orderRunning } from "@/features/certificates/order-progress.ts";
import { certificatesOverview } from "@/features/certificates/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Certificates" };

// While an order runs its status changes every few seconds.
const ORDER_REFRESH_MS = 1_000;

export default async function CertificatesPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "certificate:read");
  const { certificates, canWrite } = await certificatesOverview(membership);
  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Certificates</h1>
          <p className="mt-1 text-sm text-zinc-600">What your hosts serve HTTPS with. Automatic ones are ordered and renewed for you.</p>
        </div>
        {canWrite && certificates.length > 0 ? (
          <Link href={orgPath(membership.organizationSlug, "/certificates/new")} className={buttonClasses("primary")}>
            Add certificate
          </Link>
        ) : null}
      </div>
      <CertificateList organizationSlug={membership.organizationSlug} certificates={certificates} canWrite={canWrite} now={new Date()} />
      {certificates.some((certificate) => orderRunning(certificate.status, [])) ? <AutoRefresh intervalMs={ORDER_REFRESH_MS} /> : null}
    </>
  );
}
