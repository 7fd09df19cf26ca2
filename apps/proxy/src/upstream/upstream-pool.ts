import type { TActiveHealthCheck, TLoadBalancingPolicy, TProxyUpstream, TUpstreamTimeouts } from "@gatehouse/shared";
import type { Pool } from "undici";
import type { Http1Pool } from "./http1-pool.ts";
import { connectOptionsOf, dispatcherKey, requestServername, type UpstreamDispatchers } from "../transport.ts";
import { createCookiePolicy, stickyIdOf } from "./cookie.ts";
import { createIpHash } from "./ip-hash.ts";
import { createLeastConnections } from "./least-connections.ts";
import { createRandomTwo } from "./random-two.ts";
import type { TPoolTarget, TSelectContext, TSelectionPolicy } from "./selection-policy.ts";
import type { TargetRegistry } from "./target-registry.ts";
import { createWeightedRoundRobin } from "./weighted-round-robin.ts";

/** One upstream of one compiled snapshot: its targets, how to pick one, and how to talk to it. */
export interface TUpstreamPool {
  readonly id: string;
  readonly name: string;
  readonly targets: readonly TPoolTarget[];
  readonly timeouts: TUpstreamTimeouts;
  readonly retries: number;
  readonly healthCheck: TActiveHealthCheck | null;
  /** Cookie name when the policy is `cookie`: the handler then pins the client with Set-Cookie. */
  readonly stickyCookie: string | undefined;
  /** A primary target if any is available, else a backup, else undefined (all down: 503). */
  select(context: TSelectContext, tried: readonly TPoolTarget[] | undefined): TPoolTarget | undefined;
}

export interface TUpstreamPoolDeps {
  readonly registry: TargetRegistry;
  readonly dispatchers: UpstreamDispatchers;
}

export function compileUpstreamPool(upstream: TProxyUpstream, deps: TUpstreamPoolDeps): TUpstreamPool {
  const connect = connectOptionsOf(upstream);
  const toPoolTarget = ({ url, weight }: { url: string; weight: number }): TPoolTarget => {
    // Created on first use: a snapshot of 10,000 hosts must not open 10,000 pools up front.
    let dispatcher: Pool | undefined;
    const plain = url.startsWith("http:");
    let http1: Http1Pool | undefined;
    return {
      url,
      weight,
      health: deps.registry.acquire(upstream, url),
      hostHeader: new URL(url).host,
      // A hash per target is worth it only where a cookie will carry it.
      stickyId: upstream.policy === "cookie" ? stickyIdOf(upstream.id, url) : "",
      dispatcherKey: dispatcherKey(url, connect),
      servername: requestServername(url, connect),
      dispatcher() {
        // A pool closed by a later swap (the target left) is reopened for the stragglers of this table.
        if (dispatcher === undefined || dispatcher.closed || dispatcher.destroyed) dispatcher = deps.dispatchers.get(url, connect);
        return dispatcher;
      },
      http1() {
        if (!plain) return undefined;
        if (http1 === undefined || http1.closed) http1 = deps.dispatchers.http1(url, connect);
        return http1;
      },
    };
  };
  const primaries = upstream.targets.filter((t) => !t.backup).map(toPoolTarget);
  const backups = upstream.targets.filter((t) => t.backup).map(toPoolTarget);
  const primary = createPolicy(upstream, primaries);
  const backup = backups.length > 0 ? createPolicy(upstream, backups) : undefined;
  return {
    id: upstream.id,
    name: upstream.name,
    targets: [...primaries, ...backups],
    timeouts: upstream.timeouts,
    retries: upstream.retries,
    healthCheck: upstream.healthCheck,
    stickyCookie: upstream.policy === "cookie" ? upstream.stickyCookie : undefined,
    select:
      backup === undefined
        ? (context, tried) => primary.select(context, tried)
        : (context, tried) => primary.select(context, tried) ?? backup.select(context, tried),
  };
}

const POLICIES: Record<TLoadBalancingPolicy, (targets: readonly TPoolTarget[], upstream: TProxyUpstream) => TSelectionPolicy> = {
  "round-robin": (targets) => createWeightedRoundRobin(targets),
  "least-connections": (targets) => createLeastConnections(targets),
  "random-two": (targets) => createRandomTwo(targets),
  "ip-hash": (targets) => createIpHash(targets),
  cookie: (targets, upstream) => createCookiePolicy(targets, upstream.stickyCookie),
};

function createPolicy(upstream: TProxyUpstream, targets: readonly TPoolTarget[]): TSelectionPolicy {
  return POLICIES[upstream.policy](targets, upstream);
}
