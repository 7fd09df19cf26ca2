import { ZProxyConfig, type TProxyConfig } from "@gatehouse/shared";
import type { Logger } from "pino";
import { z } from "zod";
import { createWeightedRoundRobin } from "./upstream/weighted-round-robin.ts";

/** Where requests for one domain go. */
export interface TRoute {
  readonly hostId: string;
  readonly upstreamId: string;
  readonly upstreamName: string;
  /** The origin (e.g. `http://10.0.0.5:8080`) of the target that takes the next request. */
  pickTarget(): string;
}

/** A compiled snapshot. Never mutated after compile: requests keep the table they started with. */
export interface TRouteTable {
  /** Undefined until a first snapshot has been applied. */
  readonly revision: number | undefined;
  readonly routesByDomain: ReadonlyMap<string, TRoute>;
  /** Every target origin the table can send to, so transport can drop pools of the others. */
  readonly origins: ReadonlySet<string>;
}

export const EMPTY_ROUTE_TABLE: TRouteTable = {
  revision: undefined,
  routesByDomain: new Map(),
  origins: new Set(),
};

export function compileRouteTable(config: TProxyConfig): TRouteTable {
  const upstreamsById = new Map<string, Omit<TRoute, "hostId">>();
  const origins = new Set<string>();
  for (const upstream of config.upstreams) {
    for (const target of upstream.targets) origins.add(target.url);
    upstreamsById.set(upstream.id, {
      upstreamId: upstream.id,
      upstreamName: upstream.name,
      pickTarget: createWeightedRoundRobin(upstream.targets),
    });
  }
  const routesByDomain = new Map<string, TRoute>();
  for (const host of config.hosts) {
    // ZProxyConfig guarantees the upstream exists; hosts sharing an upstream share its rotation.
    const route: TRoute = { ...upstreamsById.get(host.upstreamId)!, hostId: host.id };
    for (const domain of host.domains) routesByDomain.set(domain, route);
  }
  return Object.freeze({ revision: config.revision, routesByDomain, origins });
}

export type TSnapshotCheck = { ok: true; config: TProxyConfig } | { ok: false; reason: string };

export function validateSnapshot(raw: unknown): TSnapshotCheck {
  const parsed = ZProxyConfig.safeParse(raw);
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, reason: z.prettifyError(parsed.error) };
}

export type TOfferOutcome =
  | { kind: "applied"; config: TProxyConfig; table: TRouteTable }
  | { kind: "invalid"; reason: string }
  | { kind: "stale"; revision: number };

/**
 * Holds the one live route table. A snapshot is validated and compiled completely before the
 * reference is swapped, so a bad snapshot never replaces a good table (Caddy's build-then-swap).
 */
export class RouteTableStore {
  #table: TRouteTable = EMPTY_ROUTE_TABLE;
  readonly #logger: Logger;
  readonly #onSwap: (table: TRouteTable) => void;

  constructor(logger: Logger, onSwap: (table: TRouteTable) => void = () => {}) {
    this.#logger = logger;
    this.#onSwap = onSwap;
  }

  get current(): TRouteTable {
    return this.#table;
  }

  offer(raw: unknown, source: string): TOfferOutcome {
    const check = validateSnapshot(raw);
    if (!check.ok) {
      this.#logger.error(
        { source, reason: check.reason, keptRevision: this.#table.revision },
        "config snapshot rejected: invalid",
      );
      return { kind: "invalid", reason: check.reason };
    }
    const { config } = check;
    const currentRevision = this.#table.revision;
    if (currentRevision !== undefined && config.revision <= currentRevision) {
      this.#logger.warn(
        { source, revision: config.revision, keptRevision: currentRevision },
        "config snapshot ignored: revision not newer than the applied one",
      );
      return { kind: "stale", revision: config.revision };
    }
    const table = compileRouteTable(config);
    this.#table = table;
    this.#onSwap(table);
    this.#logger.info(
      { source, revision: config.revision, previousRevision: currentRevision, hosts: config.hosts.length },
      "config applied",
    );
    return { kind: "applied", config, table };
  }
}
