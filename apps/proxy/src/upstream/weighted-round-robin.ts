import { isEligible, type TPoolTarget, type TSelectionPolicy } from "./selection-policy.ts";

/**
 * Smooth weighted round robin (the nginx algorithm): each pick adds every eligible target's weight
 * to its running score, takes the highest, and subtracts the eligible total from the winner.
 * Weights 5:1:1 give a a b a c a a rather than a burst of five a's. Unavailable targets are
 * skipped, so their share spreads over the others by weight.
 */
export function createWeightedRoundRobin(targets: readonly TPoolTarget[]): TSelectionPolicy {
  const scores = new Float64Array(targets.length);
  return {
    select(_context, tried) {
      let best = -1;
      let total = 0;
      for (let i = 0; i < targets.length; i++) {
        const target = targets[i]!;
        if (!isEligible(target, tried)) continue;
        scores[i]! += target.weight;
        total += target.weight;
        if (best === -1 || scores[i]! > scores[best]!) best = i;
      }
      if (best === -1) return undefined;
      scores[best]! -= total;
      return targets[best];
    },
  };
}
