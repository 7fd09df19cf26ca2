import "server-only";
import { currentRevision, listNodes } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";
import { requireViewer } from "@/server/session.ts";

export type TProxyNodesSummary = { connected: number; total: number; revision: number };

export async function proxyNodesSummary(): Promise<TProxyNodesSummary> {
  await requireViewer();
  const db = getDb();
  const [nodes, revision] = await Promise.all([listNodes(db), currentRevision(db)]);
  return { connected: nodes.filter((node) => node.connected).length, total: nodes.length, revision };
}
