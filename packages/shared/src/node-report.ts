import { z } from "zod";

/**
 * What a proxy node reports to the control plane (POST /api/v1/proxy/report, node token auth),
 * every few seconds and at once when a target's health changes. Its applied revision still travels
 * on the config long-poll; this carries what the GUI shows about upstream health.
 */
export const ZTargetHealthReport = z.object({
  upstreamId: z.string().min(1),
  url: z.string().min(1),
  state: z.enum(["up", "down", "unknown"]),
  lastError: z.string().max(500).nullable(),
  inFlight: z.number().int().min(0),
  changedAt: z.iso.datetime().nullable(),
});

export const ZNodeReport = z.object({
  revision: z.number().int().nonnegative().nullable(),
  targets: z.array(ZTargetHealthReport).max(10_000),
});

export type TTargetHealthReport = z.infer<typeof ZTargetHealthReport>;
export type TNodeReport = z.infer<typeof ZNodeReport>;
