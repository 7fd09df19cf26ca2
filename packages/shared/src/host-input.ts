import { z } from "zod";
import { ZBackendUrl } from "./backend-url.ts";
import { ZDomain } from "./domain.ts";

/** Splits the domain field of the host form: one per line or separated by commas or spaces. */
export function splitDomains(text: string): string[] {
  return text.split(/[\s,]+/).filter((part) => part.length > 0);
}

export const ZHostInput = z.object({
  domains: z
    .array(ZDomain)
    .min(1, "Enter at least one domain, such as app.example.com.")
    .max(100, "A host has at most 100 domains.")
    .refine((domains) => new Set(domains).size === domains.length, "A domain is listed twice."),
  backendUrl: ZBackendUrl,
  enabled: z.boolean().default(true),
});

export type THostInput = z.infer<typeof ZHostInput>;
