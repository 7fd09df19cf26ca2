import { ZPassiveHealth, type TPassiveHealth } from "@gatehouse/shared";
import type { Pool } from "undici";
import { stickyIdOf } from "../src/upstream/cookie.ts";
import type { TPoolTarget } from "../src/upstream/selection-policy.ts";
import { TargetHealth } from "../src/upstream/target-health.ts";

/**
 * Pool targets for policy unit tests: real TargetHealth objects, no dispatcher (policies never
 * touch it). `weights` maps a short name to its weight; urls are `http://<name>`.
 */
export function poolTargets(weights: Record<string, number>, passive: Partial<TPassiveHealth> = {}): TPoolTarget[] {
  return Object.entries(weights).map(([name, weight]) => {
    const url = `http://${name}`;
    return {
      url,
      weight,
      health: new TargetHealth("u", url, ZPassiveHealth.parse(passive), () => {}),
      hostHeader: name,
      stickyId: stickyIdOf("u", url),
      dispatcherKey: url,
      servername: name,
      dispatcher: (): Pool => {
        throw new Error("policy tests never dispatch");
      },
      http1: () => {
        throw new Error("policy tests never dispatch");
      },
    };
  });
}

/** Takes a target out of rotation the way an active check would (one failing result from unknown). */
export function markDown(target: TPoolTarget): void {
  target.health.recordCheck(false, "down for the test", { rise: 1, fall: 1 });
}

export function markUp(target: TPoolTarget): void {
  target.health.recordCheck(true, null, { rise: 1, fall: 1 });
}

/** How many of `count` picks each target got, by short name. */
export function tally(count: number, pick: () => TPoolTarget | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const name = pick()?.url.slice("http://".length) ?? "none";
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
