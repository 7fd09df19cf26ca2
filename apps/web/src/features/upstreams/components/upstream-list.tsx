import Link from "next/link";
import { orgPath } from "@/lib/org-path.ts";
import { buttonClasses } from "@/components/ui/button.tsx";
import { POLICY_LABELS } from "../policy-labels.ts";
import type { TUpstreamRow } from "../queries.ts";
import { TargetHealthBadge } from "./target-health-badge.tsx";

function EmptyState({ organizationSlug, canWrite }: { organizationSlug: string; canWrite: boolean }) {
  return (
    <div className="rounded-2xl border border-dashed border-zinc-300 bg-white px-6 py-14 text-center">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="mx-auto size-10 text-zinc-400" fill="none" stroke="currentColor" strokeWidth="1.5">
        <rect x="3" y="4" width="18" height="5" rx="1.5" />
        <rect x="3" y="15" width="18" height="5" rx="1.5" />
        <path d="M7 6.5h.01M7 17.5h.01M12 9v6" strokeLinecap="round" />
      </svg>
      <h2 className="mt-4 text-base font-semibold text-zinc-900">No upstream pools yet</h2>
      <p className="mx-auto mt-1 max-w-sm text-sm text-zinc-600">
        A pool spreads requests over several backend targets, checks their health and can be used by many hosts.
      </p>
      {canWrite ? (
        <Link href={orgPath(organizationSlug, "/upstreams/new")} className={buttonClasses("primary", "mt-6")}>
          Add upstream
        </Link>
      ) : null}
    </div>
  );
}

function usage(hostCount: number): string {
  if (hostCount === 0) return "Not used by any host";
  return hostCount === 1 ? "Used by 1 host" : `Used by ${hostCount} hosts`;
}

function UpstreamCard({ organizationSlug, upstream, canWrite }: { organizationSlug: string; upstream: TUpstreamRow; canWrite: boolean }) {
  const headingId = `upstream-${upstream.id}`;
  const checks = upstream.healthCheck ? `Health check on ${upstream.healthCheck.path} every ${upstream.healthCheck.intervalMs / 1000} s` : "No active checks";
  return (
    <section aria-labelledby={headingId} className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3.5">
        <h2 id={headingId} className="text-base font-semibold text-zinc-900">
          {upstream.name}
        </h2>
        <p className="text-sm text-zinc-500">
          {POLICY_LABELS[upstream.policy]}
          <span aria-hidden="true"> · </span>
          {checks}
          <span aria-hidden="true"> · </span>
          {usage(upstream.hostCount)}
        </p>
        {canWrite ? (
          <Link
            href={orgPath(organizationSlug, `/upstreams/${upstream.id}`)}
            className="ml-auto rounded text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Edit<span className="sr-only"> {upstream.name}</span>
          </Link>
        ) : null}
      </div>
      <div className="relative overflow-x-auto border-t border-zinc-200">
        {/* Fixed layout: every pool's table has the same columns, so the cards line up. */}
        <table className="w-full min-w-[56rem] table-fixed text-sm">
          <thead className="whitespace-nowrap bg-zinc-50 text-left text-xs font-medium uppercase tracking-wide text-zinc-500">
            <tr>
              <th scope="col" className="px-5 py-2">Target</th>
              <th scope="col" className="w-24 px-5 py-2">Weight</th>
              <th scope="col" className="w-48 px-5 py-2">Health</th>
              <th scope="col" className="w-28 px-5 py-2">In flight</th>
              <th scope="col" className="w-1/3 px-5 py-2">Last error</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {upstream.targets.map((target, index) => {
              const health = upstream.targetHealth[index]!;
              return (
                <tr key={target.url}>
                  <td className="break-all px-5 py-2.5">
                    <span className="font-mono text-xs text-zinc-800">{target.url}</span>
                    {target.backup ? (
                      <span className="ml-2 whitespace-nowrap rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-600">backup</span>
                    ) : null}
                  </td>
                  <td className="px-5 py-2.5 tabular-nums text-zinc-700">{target.weight}</td>
                  <td className="px-5 py-2.5">
                    <TargetHealthBadge health={health} />
                    {health.detail && health.state !== "unknown" ? <p className="mt-0.5 text-xs text-zinc-500">{health.detail}</p> : null}
                  </td>
                  <td className="px-5 py-2.5 tabular-nums text-zinc-700">{health.inFlight}</td>
                  <td className="px-5 py-2.5 text-xs text-zinc-600">
                    <span className="line-clamp-2 break-words" title={health.lastError ?? undefined}>
                      {health.lastError ?? <span className="text-zinc-400">—</span>}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function UpstreamList({ organizationSlug, upstreams, canWrite }: { organizationSlug: string; upstreams: TUpstreamRow[]; canWrite: boolean }) {
  if (upstreams.length === 0) return <EmptyState organizationSlug={organizationSlug} canWrite={canWrite} />;
  return (
    <div className="space-y-5">
      {upstreams.map((upstream) => (
        <UpstreamCard key={upstream.id} organizationSlug={organizationSlug} upstream={upstream} canWrite={canWrite} />
      ))}
    </div>
  );
}
