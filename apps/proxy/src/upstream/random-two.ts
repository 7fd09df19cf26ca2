import { isEligible, type TPoolTarget, type TSelectionPolicy } from "./selection-policy.ts";

/**
 * Power of two choices: two random eligible targets, the one with fewer in-flight requests per unit
 * of weight wins. Nearly as even as least-connections without every worker herding onto the same
 * "least loaded" target at once.
 */
export function createRandomTwo(targets: readonly TPoolTarget[], random: () => number = Math.random): TSelectionPolicy {
  return {
    select(_context, tried) {
      const first = eligibleFrom(targets, Math.floor(random() * targets.length), tried, undefined);
      if (first === undefined) return undefined;
      const second = eligibleFrom(targets, Math.floor(random() * targets.length), tried, first);
      if (second === undefined) return first;
      return second.health.inFlight * first.weight < first.health.inFlight * second.weight ? second : first;
    },
  };
}

/** The first eligible target at or after `start` (wrapping), other than `not`. */
function eligibleFrom(
  targets: readonly TPoolTarget[],
  start: number,
  tried: readonly TPoolTarget[] | undefined,
  not: TPoolTarget | undefined,
): TPoolTarget | undefined {
  for (let step = 0; step < targets.length; step++) {
    const target = targets[(start + step) % targets.length]!;
    if (target !== not && isEligible(target, tried)) return target;
  }
  return undefined;
}
