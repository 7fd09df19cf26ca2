import { createHash } from "node:crypto";
import { AppError } from "@gatehouse/shared";
import { z } from "zod";
import type { Db } from "./client.ts";

/** A node counts as connected while its long-poll (at most 30 s per request) keeps arriving. */
const CONNECTED_WINDOW_MS = 45_000;

const ZNodeRegistration = z.object({
  name: z.string().trim().min(1, "Name the proxy node.").max(100, "Use at most 100 characters."),
  // The token is the node's only credential; a short one could be guessed.
  token: z.string().min(32, "A node token has at least 32 characters."),
});

/** The oldest lastSeenAt of a node that still counts as connected at `now`. */
export function connectedSince(now: Date): Date {
  return new Date(now.getTime() - CONNECTED_WINDOW_MS);
}

export type TNodeStatus = {
  id: string;
  name: string;
  appliedRevision: number | null;
  lastSeenAt: Date | null;
  /** The Gatehouse version the node last reported. */
  version: string | null;
  connected: boolean;
};

// Tokens are random and long, so a plain sha256 suffices (no salt or slow hash) and allows lookup by hash.
function hashNodeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates the node, or gives an existing node of that name a new token. Only the token's hash is stored. */
export async function registerNode(db: Db, name: string, token: string): Promise<{ id: string }> {
  const parsed = ZNodeRegistration.safeParse({ name, token });
  if (!parsed.success) throw new AppError("BAD_INPUT", parsed.error.issues[0]!.message);
  const tokenHash = hashNodeToken(parsed.data.token);
  return db.proxyNode.upsert({
    where: { name: parsed.data.name },
    create: { name: parsed.data.name, tokenHash },
    update: { tokenHash },
    select: { id: true },
  });
}

export async function authenticateNode(db: Db, token: string): Promise<{ id: string; name: string } | null> {
  if (!token) return null;
  return db.proxyNode.findUnique({ where: { tokenHash: hashNodeToken(token) }, select: { id: true, name: true } });
}

export async function recordNodeSeen(
  db: Db,
  nodeId: string,
  appliedRevision: number | undefined,
  version?: string,
): Promise<void> {
  // updateMany: a node removed while its request was in flight is not an error worth a 500.
  await db.proxyNode.updateMany({
    where: { id: nodeId },
    data: {
      lastSeenAt: new Date(),
      ...(appliedRevision === undefined ? {} : { appliedRevision }),
      ...(version === undefined ? {} : { version }),
    },
  });
}

export async function listNodes(db: Db, now: Date = new Date()): Promise<TNodeStatus[]> {
  const nodes = await db.proxyNode.findMany({
    select: { id: true, name: true, appliedRevision: true, lastSeenAt: true, version: true },
    orderBy: { name: "asc" },
  });
  return nodes.map((node) => ({
    ...node,
    connected: node.lastSeenAt !== null && node.lastSeenAt >= connectedSince(now),
  }));
}

/** A change at `revision` is live once every connected node has applied it (or a later one). */
export function liveState(revision: number, nodes: TNodeStatus[]): "live" | "pending" | "no-proxy" {
  const connected = nodes.filter((node) => node.connected);
  if (connected.length === 0) return "no-proxy";
  return connected.every((node) => (node.appliedRevision ?? -1) >= revision) ? "live" : "pending";
}
