import type { TCertificateDetailView } from "@gatehouse/db";
import Link from "next/link";
import { orgPath } from "@/lib/org-path.ts";
import type { ReactNode } from "react";
import { certificateExpiry, formatUtc } from "../certificate-dates.ts";
import { SOURCE_LABELS } from "../certificate-source.ts";
import { CertificateStatusBadge } from "./certificate-status-badge.tsx";
import { ExpiryText } from "./expiry-text.tsx";

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-2.5 sm:grid-cols-[10rem_minmax(0,1fr)] sm:gap-4">
      <dt className="text-sm text-zinc-500">{term}</dt>
      <dd className="min-w-0 text-sm text-zinc-900">{children}</dd>
    </div>
  );
}

const NONE = <span className="text-zinc-400">—</span>;

/** What the certificate is: names, source, state, validity and the hosts serving it. */
type TCertificateFactsProps = { organizationSlug: string; certificate: TCertificateDetailView; now: Date; linkHosts: boolean };

export function CertificateFacts({ organizationSlug, certificate, now, linkHosts }: TCertificateFactsProps) {
  const expiry = certificateExpiry(certificate.notAfter, now);
  return (
    <dl className="divide-y divide-zinc-100">
      <Fact term="Domains">
        <ul className="space-y-0.5 font-mono text-xs">
          {certificate.domains.map((domain) => (
            <li key={domain}>{domain}</li>
          ))}
        </ul>
      </Fact>
      <Fact term="Status">
        <CertificateStatusBadge status={certificate.status} expired={expiry.expired} />
      </Fact>
      <Fact term="Source">{SOURCE_LABELS[certificate.source]}</Fact>
      <Fact term="Issuer">{certificate.issuer ?? NONE}</Fact>
      <Fact term="Valid">
        {certificate.notBefore && certificate.notAfter ? (
          <>
            {formatUtc(certificate.notBefore)} to {formatUtc(certificate.notAfter)} (<ExpiryText expiry={expiry} />)
          </>
        ) : (
          expiry.text
        )}
      </Fact>
      {certificate.source === "acme" ? <Fact term="Renews">{certificate.renewAt ? formatUtc(certificate.renewAt) : NONE}</Fact> : null}
      <Fact term="Serial number">{certificate.serialNumber ? <span className="break-all font-mono text-xs">{certificate.serialNumber}</span> : NONE}</Fact>
      <Fact term="Used by">
        {certificate.hosts.length === 0 ? (
          "No host"
        ) : (
          <ul className="space-y-0.5">
            {certificate.hosts.map((host) => {
              const name = host.domains[0] ?? host.id;
              return (
                <li key={host.id}>
                  {linkHosts ? (
                    <Link href={orgPath(organizationSlug, `/hosts/${host.id}`)} className="font-medium text-indigo-600 hover:text-indigo-500">
                      {name}
                    </Link>
                  ) : (
                    name
                  )}
                  {host.domains.length > 1 ? <span className="text-zinc-500"> and {host.domains.length - 1} more</span> : null}
                </li>
              );
            })}
          </ul>
        )}
      </Fact>
      {certificate.certificatePem ? (
        <Fact term="Certificate (PEM)">
          <details>
            <summary className="cursor-pointer text-sm font-medium text-indigo-600 hover:text-indigo-500">Show</summary>
            <p className="mt-2 text-xs text-zinc-500">The certificate and its chain, public. For a self-signed one, this is what clients must trust.</p>
            <pre aria-label="Certificate PEM" className="mt-2 max-h-72 overflow-auto rounded-lg bg-zinc-50 p-3 font-mono text-xs text-zinc-800 ring-1 ring-zinc-200">
              {certificate.certificatePem}
            </pre>
          </details>
        </Fact>
      ) : null}
    </dl>
  );
}
