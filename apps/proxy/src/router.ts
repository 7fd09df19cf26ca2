import type { THostOptions } from "@gatehouse/shared";
import type { TRedirectAction } from "./actions/redirect.ts";
import type { TRespondAction } from "./actions/respond.ts";
import type { THeaderPlan } from "./passes/header-plan.ts";
import type { TUpstreamPool } from "./upstream/upstream-pool.ts";

// A registered name or a bracketed IPv6 literal, then an optional port. Anything else (spaces,
// user@host, paths, empty) is not a host we could have configured, so it is refused, not looked up.
const HOST_WITH_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+?)(?::(\d{1,5}))?$/;

/**
 * The routing key for a Host value: lower-case, port stripped, one trailing dot (FQDN form)
 * stripped, so `Example.COM.:8080` finds `example.com`. Undefined when the value is unusable.
 */
export function normalizeHost(value: string): string | undefined {
  const match = HOST_WITH_PORT.exec(value.trim().toLowerCase());
  if (!match) return undefined;
  const [, name, port] = match;
  if (port !== undefined && Number(port) > 65_535) return undefined;
  const host = name!.endsWith(".") ? name!.slice(0, -1) : name!;
  return host.length > 0 ? host : undefined;
}

/** The scheme a client used to reach the proxy. */
export type TScheme = "http" | "https";

export interface TProxyAction {
  readonly kind: "proxy";
  readonly upstream: TUpstreamPool;
  /** The prefix to remove before forwarding (without a trailing slash), or undefined to forward the path as is. */
  readonly stripPrefix: string | undefined;
}

export type TRouteAction = TProxyAction | TRespondAction | TRedirectAction;

export interface TRouteLocation {
  readonly prefix: string;
  readonly action: TRouteAction;
}

export interface TRouteHost {
  readonly id: string;
  /** The host's first configured domain: a bounded label for logs and metrics, never the raw Host header. */
  readonly label: string;
  readonly options: THostOptions;
  /** The header passes by the scheme the client used: only the HTTPS plan adds HSTS. */
  readonly headerPlans: Readonly<Record<TScheme, THeaderPlan>>;
  /** Plain-HTTP requests are redirected to https:// (tls/host-tls.ts). */
  readonly forceHttps: boolean;
  /** Fields the proxy's own HTTPS answers for this host carry (HSTS), as `[name, value]`; empty without. */
  readonly hstsFields: readonly string[];
  /** Longest prefix first, so the first match is the longest (at most 50 per host, by contract). */
  readonly locations: readonly TRouteLocation[];
}

/**
 * Host lookup in at most two map reads, whatever the number of hosts: exact names, then a
 * one-label wildcard (`*.example.com`) found by the parent domain of the request's host.
 */
export interface THostIndex<T = TRouteHost> {
  readonly exact: ReadonlyMap<string, T>;
  /** Keyed by the part after `*.`: `example.com` for `*.example.com`. */
  readonly wildcard: ReadonlyMap<string, T>;
}

/** Also the SNI index of the HTTPS listener (tls/certificate-store.ts): a name finds its certificate the way a Host finds its host. */
export function compileHostIndex<T = TRouteHost>(hosts: ReadonlyArray<{ domains: readonly string[]; route: T }>): THostIndex<T> {
  const exact = new Map<string, T>();
  const wildcard = new Map<string, T>();
  for (const { domains, route } of hosts) {
    for (const domain of domains) {
      if (domain.startsWith("*.")) wildcard.set(domain.slice(2), route);
      else exact.set(domain, route);
    }
  }
  return { exact, wildcard };
}

/** `host` is normalized (see normalizeHost). Exact names win over wildcards. */
export function findHost<T>(index: THostIndex<T>, host: string): T | undefined {
  const exact = index.exact.get(host);
  if (exact !== undefined || index.wildcard.size === 0) return exact;
  const dot = host.indexOf(".");
  return dot > 0 ? index.wildcard.get(host.slice(dot + 1)) : undefined;
}

/**
 * The path used for routing and forwarding. Percent-encoded letters, digits and `-._~` are decoded
 * (RFC 3986 §6.2.2.2: the URI means the same), so `/%61dmin` cannot slip past an `/admin` location
 * that any backend would see it as. The query stays byte for byte. Dot segments, encoded slashes
 * and backslashes never get here (see isAmbiguousPath).
 */
export function routingPath(pathAndQuery: string): string {
  if (!pathAndQuery.includes("%")) return pathAndQuery;
  const query = pathAndQuery.indexOf("?");
  if (query === -1) return decodeUnreserved(pathAndQuery);
  return decodeUnreserved(pathAndQuery.slice(0, query)) + pathAndQuery.slice(query);
}

/**
 * The longest location prefix that matches a routing path on a segment boundary: `/api` matches
 * `/api`, `/api/x` and `/api?q`, never `/apix`; a prefix ending in `/` matches everything below it.
 */
export function findLocation(host: TRouteHost, path: string): TRouteLocation | undefined {
  for (const location of host.locations) {
    if (matchesPrefix(path, location.prefix)) return location;
  }
  return undefined;
}

function matchesPrefix(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  if (path.length === prefix.length || prefix.endsWith("/")) return true;
  const next = path.charCodeAt(prefix.length);
  return next === 0x2f /* / */ || next === 0x3f /* ? */;
}

const ENCODED_UNRESERVED = /%(?:[46][1-9a-f]|[57][0-9a]|3[0-9]|2d|2e|5f|7e)/gi;

/** RFC 3986 §6.2.2.2: decoding unreserved characters never changes what a URI means. */
function decodeUnreserved(path: string): string {
  return path.replace(ENCODED_UNRESERVED, (escape) => String.fromCharCode(Number.parseInt(escape.slice(1), 16)));
}

/** The path to forward once the location's prefix is removed: `/api/users?x` with `/api` gives `/users?x`. */
export function stripPathPrefix(pathAndQuery: string, prefix: string): string {
  const rest = pathAndQuery.slice(prefix.length);
  return rest.startsWith("/") ? rest : `/${rest}`;
}
