import { z } from "zod";
import { ZBackendUrl } from "./backend-url.ts";
import { ZDomainPattern } from "./domain-pattern.ts";
import { ZHostOptions, ZLocation, ZLocationAction } from "./proxy-config/host.ts";
import { ZHostTlsInput } from "./tls/host-tls-input.ts";

/** Splits the domain field of the host form: one per line or separated by commas or spaces. */
export function splitDomains(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part.length > 0);
}

/**
 * A proxy location names a shared upstream pool, or gives one backend URL for which the control
 * plane keeps a private upstream (the quick "domain -> backend" case).
 */
export const ZProxyActionInput = z
  .object({
    type: z.literal("proxy"),
    upstreamId: z.string().min(1).optional(),
    backendUrl: ZBackendUrl.optional(),
    stripPrefix: z.boolean().default(false),
  })
  .refine((action) => (action.upstreamId === undefined) !== (action.backendUrl === undefined), {
    message: "Choose an upstream or enter a backend URL (one of the two).",
    path: ["backendUrl"],
  });

const [, respondAction, redirectAction] = ZLocationAction.options;

export const ZLocationInput = z.object({
  path: ZLocation.shape.path,
  action: z.union([ZProxyActionInput, respondAction, redirectAction]),
});

export const ZHostInput = z
  .object({
    domains: z
      .array(ZDomainPattern)
      .min(1, "Enter at least one domain, such as app.example.com.")
      .max(100, "A host has at most 100 domains.")
      .refine((domains) => new Set(domains).size === domains.length, "A domain is listed twice."),
    enabled: z.boolean().default(true),
    locations: z
      .array(ZLocationInput)
      .min(1, "Add at least one location, such as / to a backend.")
      .max(50, "A host has at most 50 locations.")
      .refine((locations) => new Set(locations.map((l) => l.path)).size === locations.length, "Two locations have the same path."),
    options: ZHostOptions.prefault({}),
    tls: ZHostTlsInput.prefault({}),
  })
  .superRefine((host, ctx) => {
    // HTTP-01 proves control of one name at a time; a wildcard needs DNS-01, which is not offered yet.
    if (host.tls.mode === "automatic" && host.domains.some((domain) => domain.startsWith("*."))) {
      ctx.addIssue({
        code: "custom",
        path: ["tls", "mode"],
        message: "Automatic HTTPS cannot cover a wildcard domain (it needs DNS validation): upload a wildcard certificate instead.",
      });
    }
  });

export type TProxyActionInput = z.infer<typeof ZProxyActionInput>;
export type TLocationInput = z.infer<typeof ZLocationInput>;
export type THostInput = z.infer<typeof ZHostInput>;
