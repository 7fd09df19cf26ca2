import type { TProxyTarget } from "@gatehouse/shared";

/**
 * Smooth weighted round robin (the nginx algorithm): each pick adds every target's weight to its
 * running score, takes the highest, and subtracts the total from the winner. Weights 5:1:1 give
 * a a b a c a a rather than a burst of five a's, so a heavy target never takes a run of requests.
 */
export function createWeightedRoundRobin(targets: readonly TProxyTarget[]): () => string {
  if (targets.length === 0) throw new Error("An upstream needs at least one target.");
  const entries = targets.map((target) => ({ origin: target.url, weight: target.weight, score: 0 }));
  const totalWeight = entries.reduce((sum, entry) => sum + entry.weight, 0);
  if (entries.length === 1) {
    const only = entries[0]!.origin;
    return () => only;
  }
  return () => {
    let best = entries[0]!;
    for (const entry of entries) {
      entry.score += entry.weight;
      if (entry.score > best.score) best = entry;
    }
    best.score -= totalWeight;
    return best.origin;
  };
}
