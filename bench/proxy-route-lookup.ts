// Cost of one route lookup in a compiled route table (host, then longest location prefix), at
// different host counts: a lookup must not scan the hosts, so 10,000 should cost about what 10 do.
import { PROXY_CONFIG_SCHEMA_VERSION, ZProxyConfig } from "@gatehouse/shared";
import pino from "pino";
import { compileRouteTable } from "../apps/proxy/src/route-table.ts";
import { findHost, findLocation, routingPath } from "../apps/proxy/src/router.ts";
import { SecureContextCache } from "../apps/proxy/src/tls/certificate-store.ts";
import { UpstreamRuntime } from "../apps/proxy/src/upstream/upstream-runtime.ts";

const LOOKUPS = 2_000_000;
const UPSTREAMS = 10;

function configWith(hostCount: number) {
  return ZProxyConfig.parse({
    schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
    revision: 1,
    generatedAt: new Date().toISOString(),
    upstreams: Array.from({ length: UPSTREAMS }, (_, index) => ({ id: `u${index}`, name: `u${index}`, targets: [{ url: `http://127.0.0.1:${10_000 + index}` }] })),
    // Every tenth host is a wildcard, so both maps are exercised; each host has three locations.
    hosts: Array.from({ length: hostCount }, (_, index) => ({
      id: `h${index}`,
      domains: [index % 10 === 9 ? `*.site-${index}.example.com` : `site-${index}.example.com`],
      locations: ["/", "/api", "/api/v2/admin"].map((path, position) => ({ path, action: { type: "proxy", upstreamId: `u${(index + position) % UPSTREAMS}` } })),
    })),
  });
}

export interface TLookupCase {
  hosts: number;
  /** How many distinct hosts the requests go to: with many, the host map no longer fits in cache. */
  requestedHosts: number;
}

export function measureRouteLookups(cases: TLookupCase[]): Array<TLookupCase & { nsPerLookup: number }> {
  const logger = pino({ level: "silent" });
  const runtime = new UpstreamRuntime(logger, { activeHealthChecks: false });
  const certificates = new SecureContextCache(logger);
  const results = cases.map(({ hosts: hostCount, requestedHosts }) => {
    const table = compileRouteTable(configWith(hostCount), runtime, certificates);
    const stride = Math.floor(hostCount / requestedHosts);
    // Requests as the router sees them: normalized hosts (exact and under a wildcard) and paths.
    // Spread over the table; `+ k % 10` keeps one requested host in ten a wildcard one.
    const requests = Array.from({ length: 1024 }, (_, index) => {
      const k = (index * 7919) % requestedHosts;
      const hostIndex = stride === 1 ? k : k * stride + (k % 10);
      const host = hostIndex % 10 === 9 ? `www.site-${hostIndex}.example.com` : `site-${hostIndex}.example.com`;
      return { host, path: ["/", "/api/users?id=3", "/api/v2/admin/x", "/static/app.js"][index % 4]! };
    });
    let found = 0;
    const run = (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const { host, path } = requests[i & 1023]!;
        const routeHost = findHost(table.hosts, host);
        if (routeHost !== undefined && findLocation(routeHost, routingPath(path)) !== undefined) found += 1;
      }
    };
    run(LOOKUPS / 4); // warm-up: let the JIT settle before timing
    const started = process.hrtime.bigint();
    run(LOOKUPS);
    const elapsed = Number(process.hrtime.bigint() - started);
    if (found !== LOOKUPS + LOOKUPS / 4) throw new Error(`only ${found} lookups found a route`);
    return { hosts: hostCount, requestedHosts, nsPerLookup: elapsed / LOOKUPS };
  });
  void runtime.close();
  return results;
}
