import type { TProxyConfig } from "@gatehouse/shared";

/** A valid snapshot mapping each domain to its own single-target upstream. */
export function snapshot(revision: number, routes: Record<string, string | string[]>): TProxyConfig {
  const entries = Object.entries(routes);
  return {
    schemaVersion: 1,
    revision,
    generatedAt: new Date("2026-01-01T00:00:00Z").toISOString(),
    hosts: entries.map(([domain], index) => ({ id: `host-${index}`, domains: [domain], upstreamId: `upstream-${index}` })),
    upstreams: entries.map(([domain, origins], index) => ({
      id: `upstream-${index}`,
      name: `backend of ${domain}`,
      targets: (Array.isArray(origins) ? origins : [origins]).map((url) => ({ url, weight: 1 })),
    })),
  };
}
