import { z } from "zod";
import { ZProxyHost } from "./host.ts";
import { ZProxySettings } from "./settings.ts";
import { ZAcmeChallengeToken, ZProxyCertificate } from "./tls.ts";
import { ZProxyUpstream } from "./upstream.ts";

/**
 * The contract between control plane and proxy nodes: one immutable snapshot per config revision.
 * Bump PROXY_CONFIG_SCHEMA_VERSION on any incompatible change; a proxy refuses versions it does not
 * know and keeps serving its previous snapshot.
 */
export const PROXY_CONFIG_SCHEMA_VERSION = 3;

export const ZProxyConfig = z
  .object({
    schemaVersion: z.literal(PROXY_CONFIG_SCHEMA_VERSION),
    revision: z.number().int().nonnegative(),
    generatedAt: z.iso.datetime(),
    settings: ZProxySettings.prefault({}),
    hosts: z.array(ZProxyHost),
    upstreams: z.array(ZProxyUpstream),
    /** Only certificates some enabled host uses: private keys go to the edge only when needed. */
    certificates: z.array(ZProxyCertificate).default([]),
    acmeChallenges: z.array(ZAcmeChallengeToken).default([]),
  })
  .superRefine((config, ctx) => {
    const upstreamIds = new Set(config.upstreams.map((u) => u.id));
    const certificateIds = new Set(config.certificates.map((c) => c.id));
    const seenDomains = new Map<string, string>();
    config.hosts.forEach((host, index) => {
      host.locations.forEach((location, locationIndex) => {
        if (location.action.type === "proxy" && !upstreamIds.has(location.action.upstreamId)) {
          ctx.addIssue({
            code: "custom",
            path: ["hosts", index, "locations", locationIndex, "action", "upstreamId"],
            message: `Host ${host.id} refers to upstream ${location.action.upstreamId}, which is not in the snapshot.`,
          });
        }
      });
      const certificateId = host.tls.certificateId;
      if (certificateId !== null && !certificateIds.has(certificateId)) {
        ctx.addIssue({
          code: "custom",
          path: ["hosts", index, "tls", "certificateId"],
          message: `Host ${host.id} refers to certificate ${certificateId}, which is not in the snapshot.`,
        });
      }
      for (const domain of host.domains) {
        const owner = seenDomains.get(domain);
        if (owner !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["hosts", index, "domains"],
            message: `Domain ${domain} appears in hosts ${owner} and ${host.id}.`,
          });
        }
        seenDomains.set(domain, host.id);
      }
    });
  });

export type TProxyConfig = z.infer<typeof ZProxyConfig>;
export * from "./host.ts";
export * from "./settings.ts";
export * from "./tls.ts";
export * from "./upstream.ts";
