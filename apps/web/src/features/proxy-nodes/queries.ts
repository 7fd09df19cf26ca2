import "server-only";
import { currentRevision, listNodes } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";

export type TProxyNodesSummary = { connected: number; total: number; revision: number };

/** Instance-wide node counts for the hosts and upstreams pages (their pages check the membership). */
export async function proxyNodesSummary(): Promise<TProxyNodesSummary> {
  const db = getDb();
  const [nodes, revision] = await Promise.all([listNodes(db), currentRevision(db)]);
  return { connected: nodes.filter((node) => node.connected).length, total: nodes.length, revision };
}
