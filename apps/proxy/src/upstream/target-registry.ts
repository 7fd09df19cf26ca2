import type { TProxyUpstream, TTargetHealthReport } from "@gatehouse/shared";
import type { Logger } from "pino";
import { ActiveHealthCheck } from "./active-health-check.ts";
import { TargetHealth } from "./target-health.ts";
import type { TUpstreamPool } from "./upstream-pool.ts";

export type TTargetChangeListener = (report: TTargetHealthReport) => void;

/**
 * The health of every configured target, keyed by upstream id and url, kept across config swaps
 * (Caddy's hosts.go). Keyed per upstream, not per url, because two upstreams may probe the same
 * backend with different paths and thresholds, and the report the GUI shows is per upstream target.
 * Runs exactly one active check per key.
 */
export class TargetRegistry {
  readonly #targets = new Map<string, TargetHealth>();
  readonly #checks = new Map<string, ActiveHealthCheck>();
  readonly #listeners = new Set<TTargetChangeListener>();
  readonly #logger: Logger;
  readonly #activeChecks: boolean;

  constructor(logger: Logger, activeChecks = true) {
    this.#logger = logger;
    this.#activeChecks = activeChecks;
  }

  /** The target's health, created on first sight; called while a snapshot compiles. */
  acquire(upstream: TProxyUpstream, url: string): TargetHealth {
    const key = keyOf(upstream.id, url);
    let health = this.#targets.get(key);
    if (health === undefined) {
      health = new TargetHealth(upstream.id, url, upstream.passiveHealth, (changed) => this.#changed(changed));
      this.#targets.set(key, health);
    } else {
      health.configure(upstream.passiveHealth);
    }
    return health;
  }

  /**
   * After a swap to a table holding `pools`: forgets targets it no longer has, and starts, restarts
   * (new settings or connection options) or stops active checks. A target that stays keeps its state.
   */
  sync(pools: Iterable<TUpstreamPool>): void {
    const live = new Set<string>();
    for (const pool of pools) {
      for (const target of pool.targets) {
        const key = keyOf(pool.id, target.url);
        live.add(key);
        if (this.#activeChecks) this.#syncCheck(key, pool, target);
      }
    }
    for (const [key, health] of this.#targets) {
      if (live.has(key)) continue;
      health.dispose();
      this.#targets.delete(key);
      this.#checks.get(key)?.stop();
      this.#checks.delete(key);
    }
  }

  /** Every target's current state, for the node report and the metrics. */
  snapshot(): TTargetHealthReport[] {
    return Array.from(this.#targets.values(), (health) => health.report());
  }

  /** Called on every up/down/unknown transition (not on in-flight changes). Returns the unsubscribe function. */
  onChange(listener: TTargetChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops every active check and timer (shutdown). */
  close(): void {
    for (const check of this.#checks.values()) check.stop();
    this.#checks.clear();
    for (const health of this.#targets.values()) health.dispose();
  }

  #syncCheck(key: string, pool: TUpstreamPool, target: TUpstreamPool["targets"][number]): void {
    const running = this.#checks.get(key);
    const wanted = pool.healthCheck;
    if (running !== undefined && wanted !== null && sameCheck(running, target, wanted)) return;
    running?.stop();
    this.#checks.delete(key);
    if (wanted === null) {
      if (running !== undefined) target.health.clearActiveState();
      return;
    }
    const check = new ActiveHealthCheck(target, wanted);
    this.#checks.set(key, check);
    check.start();
  }

  #changed(health: TargetHealth): void {
    this.#logger.info({ upstreamId: health.upstreamId, target: health.url, state: health.state, lastError: health.lastError }, "upstream target health changed");
    if (this.#listeners.size === 0) return;
    const report = health.report();
    for (const listener of this.#listeners) listener(report);
  }
}

function keyOf(upstreamId: string, url: string): string {
  return `${upstreamId} ${url}`;
}

/** Same probe settings and the same keep-alive pool (origin and connection options). */
function sameCheck(running: ActiveHealthCheck, target: TUpstreamPool["targets"][number], wanted: NonNullable<TUpstreamPool["healthCheck"]>): boolean {
  const a = running.check;
  return (
    a.path === wanted.path &&
    a.intervalMs === wanted.intervalMs &&
    a.timeoutMs === wanted.timeoutMs &&
    a.expectedStatus[0] === wanted.expectedStatus[0] &&
    a.expectedStatus[1] === wanted.expectedStatus[1] &&
    a.rise === wanted.rise &&
    a.fall === wanted.fall &&
    running.target.dispatcherKey === target.dispatcherKey
  );
}
