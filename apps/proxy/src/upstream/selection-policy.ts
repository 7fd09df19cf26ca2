import type { Pool } from "undici";
import type { Http1Pool } from "./http1-pool.ts";
import type { TargetHealth } from "./target-health.ts";

/** One target of one upstream in one compiled snapshot. Its health lives in the registry, not here. */
export interface TPoolTarget {
  /** The target's origin, e.g. `https://10.0.0.5:8443`. */
  readonly url: string;
  readonly weight: number;
  readonly health: TargetHealth;
  /** What the backend gets as Host when the host does not preserve the client's. */
  readonly hostHeader: string;
  /**
   * Opaque, stable id for the sticky cookie: a hash of upstream id and url, so the cookie never
   * shows a client where the backends live. Empty unless the upstream's policy is `cookie`.
   */
  readonly stickyId: string;
  /** Names the keep-alive pool: origin plus connection options (see transport.ts). */
  readonly dispatcherKey: string;
  /** The keep-alive pool for this target (shared by every upstream with the same origin and TLS options). */
  dispatcher(): Pool;
  /** For a plain-HTTP target, its pool for requests without a body (see http1-pool.ts); else undefined. */
  http1(): Http1Pool | undefined;
  /** Passed on every request so undici never re-handshakes because the Host header changed (see transport.ts). */
  readonly servername: string;
}

/** What a policy may look at. Filled once per request by the handler. */
export interface TSelectContext {
  /** The client's address (after trusted-proxy resolution), the ip-hash key. */
  clientAddress: string | undefined;
  /** The request's Cookie field values, for the sticky-cookie policy. */
  cookies: readonly string[] | undefined;
}

/**
 * A load-balancing policy over a fixed list of targets (one tier of one upstream in one snapshot):
 * returns an available target that is not in `tried`, or undefined when there is none.
 * `tried` is undefined on the first attempt, so the common path allocates nothing.
 */
export interface TSelectionPolicy {
  select(context: TSelectContext, tried: readonly TPoolTarget[] | undefined): TPoolTarget | undefined;
}

export function isEligible(target: TPoolTarget, tried: readonly TPoolTarget[] | undefined): boolean {
  return target.health.available && (tried === undefined || !tried.includes(target));
}
