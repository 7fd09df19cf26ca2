import { z } from "zod";
import { ZBackendUrl } from "./backend-url.ts";
import { ZDomain } from "./domain.ts";

/**
 * The contract between control plane and proxy nodes: one immutable snapshot per config revision.
 * Bump PROXY_CONFIG_SCHEMA_VERSION on any incompatible change; a proxy refuses versions it does not
 * know and keeps serving its previous snapshot.
 */
export const PROXY_CONFIG_SCHEMA_VERSION = 1;

export const ZProxyTarget = z.object({
  url: ZBackendUrl,
  weight: z.number().int().min(1).max(1000).default(1),
});

export const ZProxyUpstream = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  targets: z.array(ZProxyTarget).min(1, "An upstream needs at least one target."),
});

export const ZProxyHost = z.object({
  id: z.string().min(1),
  domains: z.array(ZDomain).min(1, "A host needs at least one domain."),
  upstreamId: z.string().min(1),
});

export const ZProxyConfig = z
  .object({
    schemaVersion: z.literal(PROXY_CONFIG_SCHEMA_VERSION),
    revision: z.number().int().nonnegative(),
    generatedAt: z.iso.datetime(),
    hosts: z.array(ZProxyHost),
    upstreams: z.array(ZProxyUpstream),
  })
  .superRefine((config, ctx) => {
    const upstreamIds = new Set(config.upstreams.map((u) => u.id));
    const seenDomains = new Map<string, string>();
    config.hosts.forEach((host, index) => {
      if (!upstreamIds.has(host.upstreamId)) {
        ctx.addIssue({
          code: "custom",
          path: ["hosts", index, "upstreamId"],
          message: `Host ${host.id} refers to upstream ${host.upstreamId}, which is not in the snapshot.`,
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

export type TProxyTarget = z.infer<typeof ZProxyTarget>;
export type TProxyUpstream = z.infer<typeof ZProxyUpstream>;
export type TProxyHost = z.infer<typeof ZProxyHost>;
export type TProxyConfig = z.infer<typeof ZProxyConfig>;
