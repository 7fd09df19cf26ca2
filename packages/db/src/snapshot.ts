import { AppError, PROXY_CONFIG_SCHEMA_VERSION, ZProxyConfig, type TProxyConfig } from "@gatehouse/shared";
import type { Db } from "./client.ts";
import { currentRevision } from "./revision.ts";

/**
 * Compiles the routing tables into the snapshot proxy nodes serve, in one read transaction so the
 * revision and the rows belong together. Spans every organization on purpose: the edge serves them
 * all. Only enabled hosts, and only the upstreams they use, are included.
 */
export async function compileSnapshot(db: Db): Promise<TProxyConfig> {
  const snapshot = await db.$transaction(async (tx) => {
    const revision = await currentRevision(tx);
    const hosts = await tx.host.findMany({
      where: { enabled: true },
      select: { id: true, upstreamId: true, domains: { select: { domain: true }, orderBy: { position: "asc" } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const upstreams = await tx.upstream.findMany({
      where: { hosts: { some: { enabled: true } } },
      select: { id: true, name: true, targets: { select: { url: true, weight: true }, orderBy: { id: "asc" } } },
      orderBy: { id: "asc" },
    });
    return {
      schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
      revision,
      generatedAt: new Date().toISOString(),
      hosts: hosts.map((host) => ({
        id: host.id,
        domains: host.domains.map((entry) => entry.domain),
        upstreamId: host.upstreamId,
      })),
      upstreams,
    };
  });
  // Proxies refuse an invalid snapshot and keep serving the old one; refusing it here says why.
  const result = ZProxyConfig.safeParse(snapshot);
  if (!result.success) {
    throw new AppError("INTERNAL", `Revision ${snapshot.revision} does not compile into a valid proxy config: ${result.error.message}`);
  }
  return result.data;
}
