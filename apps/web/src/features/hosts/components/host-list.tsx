import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";
import { orgPath } from "@/lib/org-path.ts";
import type { THostRow } from "../queries.ts";
import { HostEnabledSwitch } from "./host-enabled-switch.tsx";
import { HostHttpsBadge } from "./host-https-badge.tsx";
import { LocationSummary } from "./location-summary.tsx";
import { HostStatusBadge } from "./host-status-badge.tsx";

function EmptyState({ organizationSlug, canWrite }: { organizationSlug: string; canWrite: boolean }) {
  return (
    <div className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="mx-auto size-10 text-zinc-400" fill="none" stroke="currentColor" strokeWidth="1.5">
        <circle cx="12" cy="12" r="9" />
        <path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9s1.3-6.3 3.8-9Z" />
      </svg>
      <h2 className="mt-4 text-base font-semibold text-zinc-900">No hosts yet</h2>
      <p className="mx-auto mt-1 max-w-sm text-sm text-zinc-600">
        A host sends the requests for one or more domains to a backend service, a pool of them, or another address.
      </p>
      {canWrite ? (
        <Link href={orgPath(organizationSlug, "/hosts/new")} className={buttonClasses("primary", "mt-6")}>
          Add host
        </Link>
      ) : null}
    </div>
  );
}

type THostListProps = { organizationSlug: string; hosts: THostRow[]; canWrite: boolean; canReadUpstreams: boolean };

export function HostList({ organizationSlug, hosts, canWrite, canReadUpstreams }: THostListProps) {
  if (hosts.length === 0) return <EmptyState organizationSlug={organizationSlug} canWrite={canWrite} />;
  const poolsHref = canReadUpstreams ? orgPath(organizationSlug, "/upstreams") : null;
  return (
    // relative: the screen-reader-only labels (absolutely positioned) must scroll with the table, not widen the page.
    <div className="relative overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table className="min-w-full divide-y divide-zinc-200 text-sm">
        <thead className="bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className="px-5 py-3">Domains</th>
            <th scope="col" className="px-5 py-3">Routes</th>
            <th scope="col" className="w-48 px-5 py-3">Status</th>
            <th scope="col" className="w-28 px-5 py-3">Enabled</th>
            <th scope="col" className="w-24 px-5 py-3"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {hosts.map((host) => {
            const name = host.domains[0] ?? host.id;
            return (
              <tr key={host.id} className="align-middle hover:bg-zinc-50/60">
                <td className="px-5 py-3.5">
                  <ul className="space-y-0.5">
                    {host.domains.map((domain) => (
                      <li key={domain} className="font-medium text-zinc-900">{domain}</li>
                    ))}
                  </ul>
                  <div className="mt-1 empty:hidden">
                    <HostHttpsBadge tls={host.tls} />
                  </div>
                </td>
                <td className="px-5 py-3.5">
                  <ul className="space-y-1">
                    {host.locations.map((location, index) => (
                      <LocationSummary key={location.path} location={location} health={host.locationHealth[index] ?? null} poolsHref={poolsHref} />
                    ))}
                  </ul>
                </td>
                <td className="px-5 py-3.5"><HostStatusBadge host={host} /></td>
                <td className="px-5 py-3.5">
                  <HostEnabledSwitch hostId={host.id} hostName={name} enabled={host.enabled} canWrite={canWrite} />
                </td>
                <td className="px-5 py-3.5 text-right">
                  {canWrite ? (
                    <Link href={orgPath(organizationSlug, `/hosts/${host.id}`)} className="rounded font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                      Edit<span className="sr-only"> {name}</span>
                    </Link>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
