import type { TCertificateView } from "@gatehouse/db";
import Link from "next/link";
import { orgPath } from "@/lib/org-path.ts";
import { buttonClasses } from "@/components/ui/button.tsx";
import { certificateExpiry, formatUtc } from "../certificate-dates.ts";
import { SOURCE_LABELS } from "../certificate-source.ts";
import { CertificateStatusBadge } from "./certificate-status-badge.tsx";
import { ExpiryText } from "./expiry-text.tsx";

function EmptyState({ organizationSlug, canWrite }: { organizationSlug: string; canWrite: boolean }) {
  return (
    <div className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="mx-auto size-10 text-zinc-400" fill="none" stroke="currentColor" strokeWidth="1.5">
        <rect x="5" y="10" width="14" height="10" rx="2" />
        <path d="M8 10V7a4 4 0 0 1 8 0v3" />
      </svg>
      <h2 className="mt-4 text-base font-semibold text-zinc-900">No certificates yet</h2>
      <p className="mx-auto mt-1 max-w-sm text-sm text-zinc-600">
        Hosts with automatic HTTPS get theirs here without a click. Upload your own, or make a self-signed one for internal names.
      </p>
      {canWrite ? (
        <Link href={orgPath(organizationSlug, "/certificates/new")} className={buttonClasses("primary", "mt-6")}>
          Add certificate
        </Link>
      ) : null}
    </div>
  );
}

function usage(hostCount: number): string {
  if (hostCount === 0) return "None";
  return hostCount === 1 ? "1 host" : `${hostCount} hosts`;
}

type TCertificateListProps = { organizationSlug: string; certificates: TCertificateView[]; canWrite: boolean; now: Date };

export function CertificateList({ organizationSlug, certificates, canWrite, now }: TCertificateListProps) {
  if (certificates.length === 0) return <EmptyState organizationSlug={organizationSlug} canWrite={canWrite} />;
  return (
    <div className="relative overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table className="min-w-full divide-y divide-zinc-200 text-sm">
        <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className="px-5 py-3">Name and domains</th>
            <th scope="col" className="px-5 py-3">Source and issuer</th>
            <th scope="col" className="px-5 py-3">Status</th>
            <th scope="col" className="px-5 py-3">Expires</th>
            <th scope="col" className="whitespace-nowrap px-5 py-3">Used by</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {certificates.map((certificate) => {
            const expiry = certificateExpiry(certificate.notAfter, now);
            return (
              <tr key={certificate.id} className="align-top hover:bg-zinc-50/60">
                <td className="px-5 py-3.5">
                  <Link
                    href={orgPath(organizationSlug, `/certificates/${certificate.id}`)}
                    className="rounded font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                  >
                    {certificate.name}
                  </Link>
                  <ul className="mt-0.5 space-y-0.5 text-xs text-zinc-600">
                    {certificate.domains.map((domain) => (
                      <li key={domain} className="font-mono">{domain}</li>
                    ))}
                  </ul>
                </td>
                <td className="px-5 py-3.5 text-zinc-700">
                  <p className="whitespace-nowrap">{SOURCE_LABELS[certificate.source]}</p>
                  {certificate.issuer ? <p className="mt-0.5 max-w-56 text-xs text-zinc-500">{certificate.issuer}</p> : null}
                </td>
                <td className="px-5 py-3.5">
                  <CertificateStatusBadge status={certificate.status} expired={expiry.expired} />
                  {certificate.lastError ? (
                    <p className="mt-1 line-clamp-2 max-w-60 text-xs text-red-700" title={certificate.lastError}>{certificate.lastError}</p>
                  ) : null}
                </td>
                <td className="whitespace-nowrap px-5 py-3.5">
                  <ExpiryText expiry={expiry} />
                  {certificate.notAfter ? <p className="text-xs text-zinc-500">{formatUtc(certificate.notAfter)}</p> : null}
                </td>
                <td className="whitespace-nowrap px-5 py-3.5 text-zinc-700">{usage(certificate.hostCount)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
