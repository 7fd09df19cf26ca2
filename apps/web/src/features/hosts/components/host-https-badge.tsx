import type { THostView } from "@gatehouse/db";
import { certificateExpiry } from "@/features/certificates/certificate-dates.ts";

type TLook = { label: string; title: string; className: string };

function look(tls: THostView["tls"]): TLook | null {
  if (tls.mode === "off") return null;
  const certificate = tls.certificate;
  if (certificate?.status === "issued") {
    return certificateExpiry(certificate.notAfter, new Date()).expired
      ? { label: "HTTPS expired", title: `${certificate.name} has expired`, className: "bg-red-50 text-red-800 ring-red-600/20" }
      : { label: "HTTPS", title: `Served with ${certificate.name}`, className: "bg-emerald-50 text-emerald-800 ring-emerald-600/20" };
  }
  if (certificate?.status === "failed") {
    return { label: "HTTPS failed", title: certificate.lastError ?? "The certificate order failed", className: "bg-red-50 text-red-800 ring-red-600/20" };
  }
  return { label: "HTTPS pending", title: "The certificate is being ordered", className: "bg-amber-50 text-amber-800 ring-amber-600/25" };
}

/** A small lock per host: HTTPS served, still being ordered, or failed (hover for why). Nothing when HTTPS is off. */
export function HostHttpsBadge({ tls }: { tls: THostView["tls"] }) {
  const badge = look(tls);
  if (!badge) return null;
  return (
    <span title={badge.title} className={`inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${badge.className}`}>
      <svg aria-hidden="true" viewBox="0 0 16 16" fill="currentColor" className="size-3">
        <path fillRule="evenodd" d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7A1.5 1.5 0 0 0 3 8.5v5A1.5 1.5 0 0 0 4.5 15h7a1.5 1.5 0 0 0 1.5-1.5v-5A1.5 1.5 0 0 0 11.5 7V4.5A3.5 3.5 0 0 0 8 1Zm2 6V4.5a2 2 0 1 0-4 0V7h4Z" clipRule="evenodd" />
      </svg>
      {badge.label}
    </span>
  );
}
