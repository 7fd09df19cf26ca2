import type { TRoute, TRouteTable } from "./route-table.ts";

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

export function findRoute(table: TRouteTable, host: string): TRoute | undefined {
  return table.routesByDomain.get(host);
}
