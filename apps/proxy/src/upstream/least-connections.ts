import { isEligible, type TPoolTarget, type TSelectionPolicy } from "./selection-policy.ts";

/**
 * The eligible target with the fewest in-flight requests per unit of weight. Ties go to the first
 * one after the previous pick, so idle equal targets take turns instead of the first one taking
 * everything.
 */
export function createLeastConnections(targets: readonly TPoolTarget[]): TSelectionPolicy {
  let start = 0;
  return {
    select(_context, tried) {
      const count = targets.length;
      let best: TPoolTarget | undefined;
      let bestIndex = 0;
      for (let step = 0; step < count; step++) {
        const index = (start + step) % count;
        const target = targets[index]!;
        if (!isEligible(target, tried)) continue;
        // a/wa < b/wb without division: a*wb < b*wa.
        if (best === undefined || target.health.inFlight * best.weight < best.health.inFlight * target.weight) {
          best = target;
          bestIndex = index;
        }
      }
      if (best !== undefined) start = (bestIndex + 1) % count;
      return best;
    },
  };
}
