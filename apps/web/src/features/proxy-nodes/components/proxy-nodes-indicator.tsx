import type { TProxyNodesSummary } from "../queries.ts";

/** "1/1 proxy nodes connected · revision 7" in the header. */
export function ProxyNodesIndicator({ summary }: { summary: TProxyNodesSummary }) {
  const { connected, total, revision } = summary;
  const dot = connected === 0 ? "bg-zinc-400" : connected < total ? "bg-amber-500" : "bg-emerald-500";
  return (
    <p className="inline-flex items-center gap-2 rounded-full bg-zinc-100 px-3 py-1 text-xs text-zinc-700" title="Proxy nodes seen in the last 45 seconds">
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      <span>
        {connected}/{total} proxy nodes connected
        <span className="text-zinc-400"> · </span>
        revision {revision}
      </span>
    </p>
  );
}
