import type { TNodeStatus } from "@gatehouse/db";
import { Badge, type TBadgeTone } from "@/components/ui/badge.tsx";
import { relativeTime } from "@/lib/relative-time.ts";

type TNodeState = { tone: TBadgeTone; word: string };

/** Connected and on the current revision, connected but still applying, or not heard from. */
function nodeState(node: TNodeStatus, revision: number): TNodeState {
  if (!node.connected) return { tone: "red", word: "Offline" };
  return (node.appliedRevision ?? -1) >= revision ? { tone: "green", word: "Up to date" } : { tone: "amber", word: "Applying" };
}

function revisionText(node: TNodeStatus, revision: number): string {
  if (node.appliedRevision === null) return "none yet";
  const behind = revision - node.appliedRevision;
  return behind > 0 ? `${node.appliedRevision} (${behind} behind)` : String(node.appliedRevision);
}

export function ProxyNodeTable({ nodes, revision, now }: { nodes: TNodeStatus[]; revision: number; now: Date }) {
  if (nodes.length === 0) {
    return (
      <p className="rounded-2xl bg-white p-8 text-center text-sm text-zinc-600 shadow-sm ring-1 ring-zinc-200">
        No proxy node has connected yet. Start one with <code className="font-mono">npm run start:proxy</code> (or the proxy container) and
        the same GATEHOUSE_NODE_TOKEN; it appears here within seconds.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-2xl bg-white shadow-sm ring-1 ring-zinc-200">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-semibold uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-3">Node</th>
            <th scope="col" className="px-4 py-3">Status</th>
            <th scope="col" className="px-4 py-3">Applied revision</th>
            <th scope="col" className="px-4 py-3">Last seen</th>
            <th scope="col" className="px-4 py-3">Version</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {nodes.map((node) => {
            const state = nodeState(node, revision);
            return (
              <tr key={node.id}>
                <td className="px-4 py-3 font-medium text-zinc-900">{node.name}</td>
                <td className="px-4 py-3">
                  <Badge tone={state.tone}>{state.word}</Badge>
                </td>
                <td className="px-4 py-3 tabular-nums text-zinc-700">{revisionText(node, revision)}</td>
                <td className="px-4 py-3 text-zinc-700">
                  {node.lastSeenAt ? <time dateTime={node.lastSeenAt.toISOString()}>{relativeTime(node.lastSeenAt, now)}</time> : "never"}
                </td>
                <td className="px-4 py-3 font-mono text-xs text-zinc-600">{node.version ?? "unknown"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
