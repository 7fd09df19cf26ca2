import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { ProxyNodesIndicator } from "@/features/proxy-nodes/components/proxy-nodes-indicator.tsx";
import { proxyNodesSummary } from "@/features/proxy-nodes/queries.ts";
import { UpstreamList } from "@/features/upstreams/components/upstream-list.tsx";
import { upstreamsOverview } from "@/features/upstreams/queries.ts";
import { orgPath } from "@/lib/org-path.ts";
import { requireMember } from "@/server/session.ts";

export const metadata: Metadata = { title: "Upstreams" };

// Proxies report target health every 5 s and within a second of a change.
const HEALTH_REFRESH_MS = 2_000;

export default async function UpstreamsPage({ params }: { params: Promise<{ org: string }> }) {
  const { membership } = await requireMember((await params).org, "upstream:read");
  const [{ upstreams, canWrite }, summary] = await Promise.all([upstreamsOverview(membership), proxyNodesSummary()]);
  return (
    <>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Upstreams</h1>
          <p className="mt-1 text-sm text-zinc-600">Pools of backend targets that hosts send requests to, with their health as the proxies see it.</p>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <ProxyNodesIndicator summary={summary} />
          {canWrite && upstreams.length > 0 ? (
            <Link href={orgPath(membership.organizationSlug, "/upstreams/new")} className={buttonClasses("primary")}>
              Add upstream
            </Link>
          ) : null}
        </div>
      </div>
      <UpstreamList organizationSlug={membership.organizationSlug} upstreams={upstreams} canWrite={canWrite} />
      {upstreams.length > 0 ? <AutoRefresh intervalMs={HEALTH_REFRESH_MS} /> : null}
    </>
  );
}
