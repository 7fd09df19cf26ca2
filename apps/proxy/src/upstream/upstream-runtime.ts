import type { TProxyUpstream } from "@gatehouse/shared";
import type { Logger } from "pino";
import { UpstreamDispatchers } from "../transport.ts";
import { TargetRegistry } from "./target-registry.ts";
import { compileUpstreamPool, type TUpstreamPool } from "./upstream-pool.ts";

/**
 * What outlives config swaps on the upstream side: target health (with its checks) and keep-alive
 * pools. Each snapshot compiles its upstreams against it; after the swap, `retain` lets go of what
 * the new table no longer uses.
 */
export class UpstreamRuntime {
  readonly registry: TargetRegistry;
  readonly dispatchers: UpstreamDispatchers;

  /**
   * `activeHealthChecks: false` for a process that only validates snapshots (a cluster primary):
   * it compiles them but never sends traffic, so probing from it would be wasted load on backends.
   */
  constructor(logger: Logger, options: { activeHealthChecks: boolean } = { activeHealthChecks: true }) {
    this.registry = new TargetRegistry(logger, options.activeHealthChecks);
    this.dispatchers = new UpstreamDispatchers(logger);
  }

  compile(upstreams: readonly TProxyUpstream[]): ReadonlyMap<string, TUpstreamPool> {
    return new Map(upstreams.map((upstream) => [upstream.id, compileUpstreamPool(upstream, this)]));
  }

  /** After a swap to a table using `pools`: close pools, forget targets and stop checks nobody uses. */
  retain(pools: ReadonlyMap<string, TUpstreamPool>): void {
    const keys = new Set<string>();
    for (const pool of pools.values()) for (const target of pool.targets) keys.add(target.dispatcherKey);
    this.dispatchers.retainOnly(keys);
    this.registry.sync(pools.values());
  }

  async close(): Promise<void> {
    this.registry.close();
    await this.dispatchers.closeAll();
  }
}
