import { listNodes, liveState, type Db } from "@gatehouse/db";

const POLL_MS = 250;

export type TPropagation = "live" | "no-proxy" | "timeout";

/**
 * Waits until every connected proxy node has applied `revision` (so each one answers the new HTTP-01
 * challenges: the CA may ask any of them), or until `timeoutMs` passes. Nodes report their applied
 * revision on their next config request, which follows the apply at once.
 */
export async function waitForProxies(db: Db, revision: number, timeoutMs: number, signal: AbortSignal): Promise<TPropagation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = liveState(revision, await listNodes(db));
    if (state !== "pending") return state;
    if (Date.now() >= deadline || signal.aborted) return "timeout";
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
