import { PROXY_CONFIG_SCHEMA_VERSION, ZProxyConfig, type TProxyConfig } from "@gatehouse/shared";
import type { z } from "zod";

/** What a test writes: the snapshot's input shape, so every zod default can be left out. */
export type TSnapshotInput = Omit<z.input<typeof ZProxyConfig>, "schemaVersion" | "revision" | "generatedAt">;

/**
 * A valid snapshot from the parts a test cares about, with every default filled in by the contract
 * itself (ZProxyConfig.parse), so tests never drift from what the control plane would send.
 */
export function snapshotOf(revision: number, parts: TSnapshotInput): TProxyConfig {
  return ZProxyConfig.parse({
    schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
    revision,
    generatedAt: new Date("2026-01-01T00:00:00Z").toISOString(),
    ...parts,
  });
}

/** A valid snapshot mapping each domain to its own upstream (one or more targets) at location "/". */
export function snapshot(revision: number, routes: Record<string, string | string[]>): TProxyConfig {
  const entries = Object.entries(routes);
  return snapshotOf(revision, {
    hosts: entries.map(([domain], index) => ({
      id: `host-${index}`,
      domains: [domain],
      locations: [{ path: "/", action: { type: "proxy", upstreamId: `upstream-${index}` } }],
    })),
    upstreams: entries.map(([domain, origins], index) => ({
      id: `upstream-${index}`,
      name: `backend of ${domain}`,
      targets: (Array.isArray(origins) ? origins : [origins]).map((url) => ({ url })),
    })),
  });
}
