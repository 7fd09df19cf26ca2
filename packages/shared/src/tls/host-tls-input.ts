import { z } from "zod";
import { ZHsts } from "../proxy-config/tls.ts";

/**
 * The HTTPS part of the host form. "automatic": the control plane orders (and renews) an ACME
 * certificate for the host's domains. "certificate": an uploaded or self-signed certificate of the
 * organization, which must cover every domain of the host.
 */
export const HOST_TLS_MODES = ["off", "automatic", "certificate"] as const;

/** A year, the minimum hstspreload.org accepts. */
export const HSTS_PRELOAD_MIN_MAX_AGE = 31_536_000;

export const ZHostTlsInput = z
  .object({
    mode: z.enum(HOST_TLS_MODES).default("off"),
    certificateId: z.string().min(1).optional(),
    forceHttps: z.boolean().default(false),
    hsts: ZHsts.nullable().default(null),
  })
  .superRefine((tls, ctx) => {
    if (tls.mode === "certificate" && tls.certificateId === undefined) {
      ctx.addIssue({ code: "custom", path: ["certificateId"], message: "Choose a certificate, or pick automatic HTTPS." });
    }
    if (tls.hsts?.preload && (!tls.hsts.includeSubDomains || tls.hsts.maxAgeSeconds < HSTS_PRELOAD_MIN_MAX_AGE)) {
      ctx.addIssue({
        code: "custom",
        path: ["hsts", "preload"],
        message: "Preload needs includeSubDomains and a max-age of at least one year (31536000 s).",
      });
    }
  });

export type THostTlsMode = (typeof HOST_TLS_MODES)[number];
export type THostTlsInput = z.infer<typeof ZHostTlsInput>;
