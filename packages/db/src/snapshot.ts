import { AppError, PROXY_CONFIG_SCHEMA_VERSION, ZHostOptions, ZHsts, ZProxyConfig, type TProxyCertificate, type TProxyConfig } from "@gatehouse/shared";
import { certificateDomains } from "./certificates/certificate-columns.ts";
import type { Db } from "./client.ts";
import { LOCATION_SELECT, locationFromRow } from "./hosts/locations.ts";
import { parseJsonColumn } from "./json-column.ts";
import { currentRevision } from "./revision.ts";
import type { TSecretBox } from "./secrets/secret-box.ts";
import { getInstanceSettings } from "./settings.ts";
import { UPSTREAM_SETTINGS_SELECT, upstreamFromRow } from "./upstreams/upstream-columns.ts";

/**
 * Compiles the routing tables into the snapshot proxy nodes serve, in one read transaction so the
 * revision and the rows belong together. Spans every organization on purpose: the edge serves them
 * all. Only enabled hosts, the upstreams their locations use and the certificates they can serve
 * (issued, key opened from the box) are included. A host still waiting for its first certificate is
 * compiled as plain HTTP: no certificate, no force-HTTPS, no HSTS.
 */
export async function compileSnapshot(db: Db, box: TSecretBox): Promise<TProxyConfig> {
  const snapshot = await db.$transaction(async (tx) => {
    const revision = await currentRevision(tx);
    const settings = await getInstanceSettings(tx);
    const hosts = await tx.host.findMany({
      where: { enabled: true },
      select: {
        id: true,
        options: true,
        forceHttps: true,
        hsts: true,
        certificate: { select: { id: true, domains: true, certificatePem: true, privateKeyEncrypted: true } },
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
    const challenges = await tx.acmeChallenge.findMany({
      where: { type: "http-01" },
      select: { token: true, keyAuthorization: true },
      orderBy: { id: "asc" },
    });
    const certificates = new Map<string, TProxyCertificate>();
    for (const { certificate } of hosts) {
      if (certificate === null || certificate.certificatePem === null || certificate.privateKeyEncrypted === null) continue;
      if (certificates.has(certificate.id)) continue;
      certificates.set(certificate.id, {
        id: certificate.id,
        domains: certificateDomains(certificate.domains, certificate.id),
        certificatePem: certificate.certificatePem,
        privateKeyPem: box.open(certificate.privateKeyEncrypted),
      });
    }
    return {
      schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
      revision,
      generatedAt: new Date().toISOString(),
      settings,
      hosts: hosts.map((host) => {
        const certificateId = host.certificate?.id;
        return {
          id: host.id,
          domains: host.domains.map((entry) => entry.domain),
          locations: host.locations.map((location) => locationFromRow(location, host.id)),
          options: parseJsonColumn(ZHostOptions, host.options, `Options of host ${host.id}`),
          tls:
            certificateId !== undefined && certificates.has(certificateId)
              ? { certificateId, forceHttps: host.forceHttps, hsts: parseJsonColumn(ZHsts.nullable(), host.hsts, `HSTS of host ${host.id}`) }
              : { certificateId: null, forceHttps: false, hsts: null },
        };
      }),
      upstreams: upstreams.map((upstream) => ({ id: upstream.id, ...upstreamFromRow(upstream) })),
      certificates: [...certificates.values()],
      acmeChallenges: challenges,
    };
  });
  // Proxies refuse an invalid snapshot and keep serving the old one; refusing it here says why.
  const result = ZProxyConfig.safeParse(snapshot);
  if (!result.success) {
    throw new AppError("INTERNAL", `Revision ${snapshot.revision} does not compile into a valid proxy config: ${result.error.message}`);
  }
  return result.data;
}
