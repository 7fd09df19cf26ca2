import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/ui/button.tsx";
import { AutoRefresh } from "@/components/auto-refresh.tsx";
import { HostList } from "@/features/hosts/components/host-list.tsx";
import { hostsOverview } from "@/features/hosts/queries.ts";
import { ProxyNodesIndicator } from "@/features/proxy-nodes/components/proxy-nodes-indicator.tsx";
import { proxyNodesSummary } from "@/features/proxy-nodes/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Hosts" };

// Fast enough that "Live" shows within a second of a proxy applying the change.
const PENDING_REFRESH_MS = 500;
// Backend health comes from proxy reports every few seconds.
const HEALTH_REFRESH_MS = 2_000;

export default async function HostsPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "host:read");
  // Rendered by the page, not the shared layout: layouts are not re-rendered on client navigation,
  // so a header indicator would show the revision of the last full load.
  const [{ hosts, canWrite, canReadUpstreams }, summary] = await Promise.all([hostsOverview(membership), proxyNodesSummary()]);
  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Hosts</h1>
          <p className="mt-1 text-sm text-zinc-600">Domains your proxies serve, and where each path of them goes.</p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <ProxyNodesIndicator summary={summary} />
          {canWrite && hosts.length > 0 ? (
            <Link href={orgPath(membership.organizationSlug, "/hosts/new")} className={buttonClasses("primary")}>
              Add host
            </Link>
          ) : null}
        </div>
      </div>
      <HostList organizationSlug={membership.organizationSlug} hosts={hosts} canWrite={canWrite} canReadUpstreams={canReadUpstreams} />
      {hosts.length > 0 ? <AutoRefresh intervalMs={hosts.some((host) => host.state === "pending") ? PENDING_REFRESH_MS : HEALTH_REFRESH_MS} /> : null}
    </>
  );
}
