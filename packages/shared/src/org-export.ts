import { z } from "zod";
import { ZBackendUrl } from "./backend-url.ts";
import { ZDomainPattern } from "./domain-pattern.ts";
import { ZHostInput, ZLocationInput } from "./host-input.ts";
import { CERTIFICATE_SOURCES } from "./tls/certificate-status.ts";
import { ZCertificateUploadInput } from "./tls/certificate-input.ts";
import { ZHostTlsInput } from "./tls/host-tls-input.ts";
import { ZUpstreamInput } from "./upstream-input.ts";

/**
 * One organization's configuration as a portable JSON document (Settings -> Export / import).
 *
 * Everything refers to everything else by NAME, never by database id, so the document means the same
 * in another organization or another Gatehouse: a proxy location names a shared upstream (or gives a
 * backend URL, for which the importing side keeps a private upstream), a host on a chosen certificate
 * names that certificate. Upstream and certificate names are unique within a document.
 *
 * Certificates: uploaded and self-signed ones carry their public PEM, and their private key only when
 * exported with keys (then as plain PEM: the file is as secret as the keys). ACME certificates carry
 * metadata only: the importing side orders them again through the host's automatic HTTPS.
 *
 * Not in version 1: access lists (Gatehouse has none yet), members and instance settings.
 * A change of meaning gets a new `version`; an importer refuses versions it does not know.
 */
export const ORG_EXPORT_FORMAT = "gatehouse.organization";
export const ORG_EXPORT_VERSION = 1;

const ZName = z.string().trim().min(1).max(100);

const [, respondAction, redirectAction] = ZLocationInput.shape.action.options;

/** Like the host form's proxy action, with the shared upstream named instead of referenced by id. */
export const ZExportProxyAction = z
  .object({
    type: z.literal("proxy"),
    upstream: ZUpstreamInput.shape.name.optional(),
    backendUrl: ZBackendUrl.optional(),
    stripPrefix: z.boolean().default(false),
  })
  .refine((action) => (action.upstream === undefined) !== (action.backendUrl === undefined), {
    message: "A proxy location names an upstream or gives a backend URL (one of the two).",
    path: ["backendUrl"],
  });

export const ZExportLocation = z.object({
  path: ZLocationInput.shape.path,
  action: z.union([ZExportProxyAction, respondAction, redirectAction]),
});

/** The host form's HTTPS part, with the chosen certificate named. */
export const ZExportHostTls = z
  .object({
    mode: ZHostTlsInput.shape.mode,
    certificate: ZName.optional(),
    forceHttps: ZHostTlsInput.shape.forceHttps,
    hsts: ZHostTlsInput.shape.hsts,
  })
  .refine((tls) => (tls.mode === "certificate") === (tls.certificate !== undefined), {
    message: "A host on a chosen certificate names it; other modes name none.",
    path: ["certificate"],
  });

/** A host as the host form takes it (its own checks run again on import), references by name. */
export const ZExportHost = z.object({
  domains: ZHostInput.shape.domains,
  enabled: ZHostInput.shape.enabled,
  locations: z.array(ZExportLocation).min(1).max(50),
  options: ZHostInput.shape.options,
  tls: ZExportHostTls.prefault({}),
});

const ZCertificateDomains = z.array(ZDomainPattern).min(1).max(100);

export const ZExportCertificate = z.discriminatedUnion("source", [
  // Metadata only: the importing side orders it again when a host with automatic HTTPS needs it.
  z.object({ name: ZName, source: z.literal("acme"), domains: ZCertificateDomains }),
  z.object({
    name: ZName,
    source: z.enum(CERTIFICATE_SOURCES).exclude(["acme"]),
    domains: ZCertificateDomains,
    certificatePem: ZCertificateUploadInput.shape.certificatePem,
    /** Only in a document exported with keys. */
    privateKeyPem: ZCertificateUploadInput.shape.privateKeyPem.optional(),
  }),
]);

export const ZOrgExport = z
  .object({
    format: z.literal(ORG_EXPORT_FORMAT),
    version: z.literal(ORG_EXPORT_VERSION),
    exportedAt: z.iso.datetime(),
    organization: z.object({ name: ZName }),
    upstreams: z.array(ZUpstreamInput).max(10_000),
    hosts: z.array(ZExportHost).max(10_000),
    certificates: z.array(ZExportCertificate).max(10_000),
  })
  .superRefine((document, ctx) => {
    const repeated = (values: string[]) => values.filter((value, index) => values.indexOf(value) !== index);
    for (const name of new Set(repeated(document.upstreams.map((upstream) => upstream.name)))) {
      ctx.addIssue({ code: "custom", path: ["upstreams"], message: `Two upstreams are named ${name}.` });
    }
    const uploaded = document.certificates.filter((certificate) => certificate.source !== "acme");
    for (const name of new Set(repeated(uploaded.map((certificate) => certificate.name)))) {
      ctx.addIssue({ code: "custom", path: ["certificates"], message: `Two certificates are named ${name}.` });
    }
    for (const domain of new Set(repeated(document.hosts.flatMap((host) => host.domains)))) {
      ctx.addIssue({ code: "custom", path: ["hosts"], message: `${domain} is listed under two hosts.` });
    }
  });

export type TExportProxyAction = z.infer<typeof ZExportProxyAction>;
export type TExportLocation = z.infer<typeof ZExportLocation>;
export type TExportHost = z.infer<typeof ZExportHost>;
export type TExportCertificate = z.infer<typeof ZExportCertificate>;
export type TOrgExport = z.infer<typeof ZOrgExport>;

/** What an import would do, or did: one line per upstream, certificate and host of the document. */
export const IMPORT_ITEM_KINDS = ["upstream", "certificate", "host"] as const;
export type TImportItem = { kind: (typeof IMPORT_ITEM_KINDS)[number]; name: string };
export type TImportPlan = {
  create: TImportItem[];
  change: TImportItem[];
  unchanged: TImportItem[];
  refuse: { item: TImportItem; reason: string }[];
};
