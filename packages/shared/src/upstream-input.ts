import { z } from "zod";
import { ZProxyUpstream } from "./proxy-config/upstream.ts";

/** The upstream form and API body: a pool an organization names and several hosts can use. */
export const ZUpstreamInput = ZProxyUpstream.omit({ id: true, name: true }).extend({
  name: z
    .string()
    .trim()
    .min(1, "Name the upstream, for example api-servers.")
    .max(100, "Use at most 100 characters.")
    .regex(/^[\w .-]+$/, "Use letters, digits, spaces, dots, dashes and underscores."),
  targets: ZProxyUpstream.shape.targets
    .max(100, "An upstream has at most 100 targets.")
    .refine((targets) => new Set(targets.map((t) => t.url)).size === targets.length, "A target is listed twice."),
});

export type TUpstreamInput = z.infer<typeof ZUpstreamInput>;
