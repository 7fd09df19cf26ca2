import type { SecureContext } from "node:tls";
import { ZProxyConfig, type TLocationAction, type TProxyConfig, type TProxyHost, type TUnknownSni } from "@gatehouse/shared";
import type { Logger } from "pino";
import { z } from "zod";
import { compileDefaultSite, type TDefaultSiteAction } from "./actions/default-site.ts";
import { compileRedirect } from "./actions/redirect.ts";
import { compileRespond } from "./actions/respond.ts";
import { compileHeaderPlan } from "./passes/header-plan.ts";
import { compileTrustedProxies, type TTrustedProxies } from "./passes/trusted-proxies.ts";
import { compileHostIndex, type THostIndex, type TRouteAction, type TRouteHost } from "./router.ts";
import { compileAcmeChallenges, type TAcmeChallenges } from "./tls/acme-challenge.ts";
import { compileSniIndex, SecureContextCache, type TSniIndex } from "./tls/certificate-store.ts";
import { compileHostTls } from "./tls/host-tls.ts";
import type { TUpstreamPool } from "./upstream/upstream-pool.ts";
import type { UpstreamRuntime } from "./upstream/upstream-runtime.ts";

/** A compiled snapshot. Never mutated after compile: requests keep the table they started with. */
export interface TRouteTable {
  /** Undefined until a first snapshot has been applied. */
  readonly revision: number | undefined;
  readonly hosts: THostIndex;
  readonly upstreams: ReadonlyMap<string, TUpstreamPool>;
  readonly defaultSite: TDefaultSiteAction;
  readonly trustedProxies: TTrustedProxies;
  /** The HTTPS listener's certificates by server name (tls/certificate-store.ts). */
  readonly sni: TSniIndex;
  readonly unknownSni: TUnknownSni;
  /** HTTP-01 tokens answered on the HTTP port (tls/acme-challenge.ts). */
  readonly acmeChallenges: TAcmeChallenges;
}

export const EMPTY_ROUTE_TABLE: TRouteTable = Object.freeze({
  revision: undefined,
  hosts: compileHostIndex([]),
  upstreams: new Map(),
  defaultSite: compileDefaultSite({ type: "not-found" }),
  trustedProxies: compileTrustedProxies([]),
  sni: compileHostIndex<SecureContext>([]),
  unknownSni: "default-certificate",
  acmeChallenges: new Map(),
});

/**
 * Compiles a validated snapshot; upstream pools and target health come from (and stay in) `runtime`,
 * certificates' secure contexts from `certificates`.
 */
export function compileRouteTable(config: TProxyConfig, runtime: UpstreamRuntime, certificates: SecureContextCache): TRouteTable {
  const upstreams = runtime.compile(config.upstreams);
  const trustedProxies = compileTrustedProxies(config.settings.trustedProxies);
  const hosts = config.hosts.map((host) => ({ domains: host.domains, route: compileHost(host, upstreams, trustedProxies) }));
  return Object.freeze({
    revision: config.revision,
    hosts: compileHostIndex(hosts),
    upstreams,
    defaultSite: compileDefaultSite(config.settings.defaultSite),
    trustedProxies,
    sni: compileSniIndex(config, certificates),
    unknownSni: config.settings.unknownSni,
    acmeChallenges: compileAcmeChallenges(config.acmeChallenges),
  });
}

function compileHost(host: TProxyHost, upstreams: ReadonlyMap<string, TUpstreamPool>, trustedProxies: TTrustedProxies): TRouteHost {
  const locations = host.locations
    .map((location) => ({ prefix: location.path, action: compileAction(location.action, location.path, upstreams) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const tls = compileHostTls(host.tls);
  return {
    id: host.id,
    label: host.domains[0]!,
    options: host.options,
    headerPlans: {
      http: compileHeaderPlan(host.options, trustedProxies),
      https: compileHeaderPlan(host.options, trustedProxies, tls.hsts),
    },
    forceHttps: tls.forceHttps,
    hstsFields: tls.hsts === undefined ? [] : ["Strict-Transport-Security", tls.hsts],
    locations,
  };
}

function compileAction(action: TLocationAction, prefix: string, upstreams: ReadonlyMap<string, TUpstreamPool>): TRouteAction {
  switch (action.type) {
    case "proxy": {
      const trimmed = prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
      // ZProxyConfig guarantees the upstream exists.
      return { kind: "proxy", upstream: upstreams.get(action.upstreamId)!, stripPrefix: action.stripPrefix && trimmed !== "" ? trimmed : undefined };
    }
    case "respond":
      return compileRespond(action);
    case "redirect":
      return compileRedirect(action);
  }
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
 * After the swap the upstream runtime lets go of pools, health and checks the new table does not use.
 */
export class RouteTableStore {
  #table: TRouteTable = EMPTY_ROUTE_TABLE;
  readonly #logger: Logger;
  readonly #runtime: UpstreamRuntime;
  readonly #certificates: SecureContextCache;
  readonly #onSwap: (table: TRouteTable) => void;

  constructor(logger: Logger, runtime: UpstreamRuntime, onSwap: (table: TRouteTable) => void = () => {}) {
    this.#logger = logger;
    this.#runtime = runtime;
    this.#certificates = new SecureContextCache(logger);
    this.#onSwap = onSwap;
  }

  get current(): TRouteTable {
    return this.#table;
  }

  offer(raw: unknown, source: string): TOfferOutcome {
    const check = validateSnapshot(raw);
    if (!check.ok) {
      this.#logger.error({ source, reason: check.reason, keptRevision: this.#table.revision }, "config snapshot rejected: invalid");
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
    const table = compileRouteTable(config, this.#runtime, this.#certificates);
    this.#table = table;
    this.#runtime.retain(table.upstreams);
    this.#onSwap(table);
    this.#logger.info(
      { source, revision: config.revision, previousRevision: currentRevision, hosts: config.hosts.length, certificates: config.certificates.length },
      "config applied",
    );
    return { kind: "applied", config, table };
  }
}
