import { AppError, ZNodeReport, ZTargetHealthReport, type TNodeReport } from "@gatehouse/shared";
import type { Db } from "./client.ts";
import { parseColumn } from "./json-column.ts";
import { connectedSince } from "./nodes.ts";

export type TTargetHealthView = {
  upstreamId: string;
  url: string;
  nodes: {
    nodeName: string;
    state: "up" | "down" | "unknown";
    lastError: string | null;
    inFlight: number;
    changedAt: Date | null;
    reportedAt: Date;
  }[];
};

/**
 * Replaces what the node last said about its targets. Not a config change (no revision bump). Targets
 * of upstreams that no longer exist (deleted since the node's snapshot) are dropped; each kept row
 * takes its upstream's organization, so reading health back is org-scoped like everything else.
 */
export async function recordNodeReport(db: Db, nodeId: string, report: TNodeReport): Promise<void> {
  const parsed = ZNodeReport.safeParse(report);
  if (!parsed.success) throw new AppError("BAD_INPUT", `The node report is invalid: ${parsed.error.issues[0]!.message}`);
  const reportedAt = new Date();
  // One row per target; if a node repeats one, its last entry wins.
  const targets = new Map(parsed.data.targets.map((target) => [`${target.upstreamId} ${target.url}`, target]));
  const upstreamIds = [...new Set(parsed.data.targets.map((target) => target.upstreamId))];

  await db.$transaction(async (tx) => {
    // A node deleted while its report was in flight is not an error worth a 500 (like recordNodeSeen).
    if (!(await tx.proxyNode.findUnique({ where: { id: nodeId }, select: { id: true } }))) return;
    const upstreams = upstreamIds.length === 0 ? [] : await tx.upstream.findMany({ where: { id: { in: upstreamIds } }, select: { id: true, organizationId: true } });
    const organizationOf = new Map(upstreams.map((upstream) => [upstream.id, upstream.organizationId]));
    await tx.targetHealth.deleteMany({ where: { nodeId } });
    await tx.targetHealth.createMany({
      data: [...targets.values()].flatMap((target) => {
        const organizationId = organizationOf.get(target.upstreamId);
        if (organizationId === undefined) return [];
        return [{
          nodeId,
          organizationId,
          upstreamId: target.upstreamId,
          url: target.url,
          state: target.state,
          lastError: target.lastError,
          inFlight: target.inFlight,
          changedAt: target.changedAt === null ? null : new Date(target.changedAt),
          reportedAt,
        }];
      }),
    });
  });
}

/**
 * What the connected proxy nodes say about each target of the organization's upstreams (private ones
 * included, for the host list), one entry per (upstream, target URL), nodes by name. A disconnected
 * node's last words are stale, so they are left out.
 */
export async function targetHealth(db: Db, organizationId: string, now: Date = new Date()): Promise<TTargetHealthView[]> {
  if (!organizationId) throw new AppError("INTERNAL", "targetHealth was called without an organization id.");
  const rows = await db.targetHealth.findMany({
    where: { organizationId, node: { lastSeenAt: { gte: connectedSince(now) } } },
    select: {
      upstreamId: true,
      url: true,
      state: true,
      lastError: true,
      inFlight: true,
      changedAt: true,
      reportedAt: true,
      node: { select: { name: true } },
    },
    orderBy: [{ upstreamId: "asc" }, { url: "asc" }, { node: { name: "asc" } }],
  });
  const views = new Map<string, TTargetHealthView>();
  for (const row of rows) {
    const key = `${row.upstreamId} ${row.url}`;
    let view = views.get(key);
    if (!view) {
      view = { upstreamId: row.upstreamId, url: row.url, nodes: [] };
      views.set(key, view);
    }
    view.nodes.push({
      nodeName: row.node.name,
      state: parseColumn(ZTargetHealthReport.shape.state, row.state, `Target health state of ${row.url}`),
      lastError: row.lastError,
      inFlight: row.inFlight,
      changedAt: row.changedAt,
      reportedAt: row.reportedAt,
    });
  }
  return [...views.values()];
}
