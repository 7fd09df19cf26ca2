import { AppError, PROXY_CONFIG_SCHEMA_VERSION, ZHostOptions, ZProxyConfig, type TProxyConfig } from "@gatehouse/shared";
import type { Db } from "./client.ts";
import { LOCATION_SELECT, locationFromRow } from "./hosts/locations.ts";
import { parseJsonColumn } from "./json-column.ts";
import { currentRevision } from "./revision.ts";
import { getInstanceSettings } from "./settings.ts";
import { UPSTREAM_SETTINGS_SELECT, upstreamFromRow } from "./upstreams/upstream-columns.ts";

/**
 * Compiles the routing tables into the snapshot proxy nodes serve, in one read transaction so the
 * revision and the rows belong together. Spans every organization on purpose: the edge serves them
 * all. Only enabled hosts, and only the upstreams their locations use, are included.
 */
export async function compileSnapshot(db: Db): Promise<TProxyConfig> {
  const snapshot = await db.$transaction(async (tx) => {
    const revision = await currentRevision(tx);
    const settings = await getInstanceSettings(tx);
    const hosts = await tx.host.findMany({
      where: { enabled: true },
      select: {
        id: true,
        options: true,
        domains: { select: { domain: true }, orderBy: { position: "asc" } },
        locations: { select: LOCATION_SELECT, orderBy: { position: "asc" } },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const upstreams = await tx.upstream.findMany({
      where: { locations: { some: { host: { enabled: true } } } },
      select: { id: true, ...UPSTREAM_SETTINGS_SELECT },
      orderBy: { id: "asc" },
    });
    return {
      schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
      revision,
      generatedAt: new Date().toISOString(),
      settings,
      hosts: hosts.map((host) => ({
        id: host.id,
        domains: host.domains.map((entry) => entry.domain),
        locations: host.locations.map((location) => locationFromRow(location, host.id)),
        options: parseJsonColumn(ZHostOptions, host.options, `Options of host ${host.id}`),
      })),
      upstreams: upstreams.map((upstream) => ({ id: upstream.id, ...upstreamFromRow(upstream) })),
    };
  });
  // Proxies refuse an invalid snapshot and keep serving the old one; refusing it here says why.
  const result = ZProxyConfig.safeParse(snapshot);
  if (!result.success) {
    throw new AppError("INTERNAL", `Revision ${snapshot.revision} does not compile into a valid proxy config: ${result.error.message}`);
  }
  return result.data;
}
