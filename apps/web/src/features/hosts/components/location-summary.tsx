import type { TLocationView } from "@gatehouse/db";
import Link from "next/link";
import { TargetHealthBadge } from "@/features/upstreams/components/target-health-badge.tsx";
import type { TTargetHealthSummary } from "@/features/upstreams/target-health.ts";

/** `poolsHref`: the upstreams page, or null for a member who may not read it (the name then is plain text). */
function Destination({ action, poolsHref }: { action: TLocationView["action"]; poolsHref: string | null }) {
  switch (action.type) {
    case "proxy": {
      const strip = action.stripPrefix ? <span className="text-zinc-500"> (prefix stripped)</span> : null;
      if (action.backendUrl !== null) {
        return (
          <span className="font-mono text-zinc-700">
            {action.backendUrl}
            {strip}
          </span>
        );
      }
      return (
        <span className="text-zinc-700">
          pool{" "}
          {poolsHref !== null ? (
            <Link href={poolsHref} className="font-medium text-indigo-600 hover:text-indigo-500">
              {action.upstreamName}
            </Link>
          ) : (
            <span className="font-medium">{action.upstreamName}</span>
          )}
          {strip}
        </span>
      );
    }
    case "respond":
      return <span className="text-zinc-700">fixed response {action.status}</span>;
    case "redirect":
      return (
        <span className="text-zinc-700">
          redirect {action.status} to <span className="font-mono">{action.to}</span>
          {action.keepPath ? <span className="text-zinc-500"> + path</span> : null}
        </span>
      );
  }
}

/** One line per location: "/api → pool api-servers", with the health of a private backend. */
export function LocationSummary({ location, health, poolsHref }: { location: TLocationView; health: TTargetHealthSummary | null; poolsHref: string | null }) {
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs">
      <span className="font-mono font-medium text-zinc-900">{location.path}</span>
      <span aria-hidden="true" className="text-zinc-400">
        →
      </span>
      <span className="sr-only">goes to</span>
      <Destination action={location.action} poolsHref={poolsHref} />
      {health ? <TargetHealthBadge health={health} /> : null}
    </li>
  );
}
