import "server-only";
import { currentRevision, listNodes, type TNodeStatus } from "@gatehouse/db";
import { getDb } from "@/server/db.ts";

export type TNodeOverview = { revision: number; nodes: TNodeStatus[] };

/** Every proxy node with what it last reported, for the instance owner's Proxy nodes page (which checks the owner). */
export async function nodeOverview(): Promise<TNodeOverview> {
  const db = getDb();
  const [nodes, revision] = await Promise.all([listNodes(db), currentRevision(db)]);
  return { revision, nodes };
}
