import type { TUpstreamInput } from "@gatehouse/shared";
import type { TransactionClient, Db } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { UPSTREAM_SETTINGS_SELECT, upstreamFromRow } from "./upstream-columns.ts";

export type TUpstreamView = TUpstreamInput & {
  id: string;
  /** Hosts (enabled or not) with at least one location on this upstream. */
  hostCount: number;
  /** Config revision of the upstream's last change: live once every proxy applied it. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
};

export const UPSTREAM_VIEW_SELECT = {
  id: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  ...UPSTREAM_SETTINGS_SELECT,
} satisfies Prisma.UpstreamSelect;

type TUpstreamViewRow = Prisma.UpstreamGetPayload<{ select: typeof UPSTREAM_VIEW_SELECT }>;

export function toUpstreamView(row: TUpstreamViewRow, hostCount: number): TUpstreamView {
  return { id: row.id, ...upstreamFromRow(row), hostCount, revision: row.revision, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** How many distinct hosts use each upstream; a host with two locations on one upstream counts once. */
export async function hostCounts(db: Db | TransactionClient, organizationId: string, upstreamIds: string[]): Promise<Map<string, number>> {
  const uses = await db.location.findMany({
    where: { organizationId, upstreamId: { in: upstreamIds } },
    select: { upstreamId: true, hostId: true },
    distinct: ["upstreamId", "hostId"],
  });
  const counts = new Map<string, number>();
  for (const use of uses) {
    if (use.upstreamId !== null) counts.set(use.upstreamId, (counts.get(use.upstreamId) ?? 0) + 1);
  }
  return counts;
}
