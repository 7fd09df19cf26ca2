import type { Metadata } from "next";
import { AutoRefresh } from "@/components/auto-refresh.tsx";
import { ProxyNodeTable } from "@/features/proxy-nodes/components/proxy-node-table.tsx";
import { nodeOverview } from "@/features/proxy-nodes/node-overview.ts";
import { requireInstanceOwner } from "@/server/session.ts";

export const metadata: Metadata = { title: "Proxy nodes" };

/** Instance-wide, like Settings: only the instance owner sees the nodes every organization's traffic runs through. */
export default async function ProxyNodesPage() {
  await requireInstanceOwner();
  const { nodes, revision } = await nodeOverview();
  return (
    <main className="mx-auto max-w-6xl px-6 py-8">
      <AutoRefresh intervalMs={5000} />
      <div className="mb-6">
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Proxy nodes</h1>
        <p className="mt-1 text-sm text-zinc-600">
          The proxies serving every organization&apos;s hosts, and whether each runs the current configuration (revision {revision}). A node
          is offline when it has not asked for configuration in the last 45 seconds; it keeps serving its last good configuration meanwhile.
        </p>
      </div>
      <ProxyNodeTable nodes={nodes} revision={revision} now={new Date()} />
    </main>
  );
}
