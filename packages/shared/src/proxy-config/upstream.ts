import { z } from "zod";
import { ZBackendUrl } from "../backend-url.ts";

export const LOAD_BALANCING_POLICIES = ["round-robin", "least-connections", "random-two", "ip-hash", "cookie"] as const;
export const ZLoadBalancingPolicy = z.enum(LOAD_BALANCING_POLICIES);

export const ZProxyTarget = z.object({
  url: ZBackendUrl,
  weight: z.number().int().min(1).max(1000).default(1),
  /** Used only while every primary target is unavailable. */
  backup: z.boolean().default(false),
});

export const ZActiveHealthCheck = z.object({
  path: z.string().startsWith("/", "The health check path starts with /.").max(2048),
  intervalMs: z.number().int().min(1000).max(3_600_000).default(10_000),
  timeoutMs: z.number().int().min(100).max(60_000).default(2_000),
  /** Inclusive range of statuses that count as healthy. */
  expectedStatus: z.tuple([z.number().int().min(100).max(599), z.number().int().min(100).max(599)]).default([200, 399]),
  /** Consecutive successes that bring a down target up, and failures that take an up target down. */
  rise: z.number().int().min(1).max(100).default(2),
  fall: z.number().int().min(1).max(100).default(3),
});

export const ZPassiveHealth = z.object({
  /** Failures (connection errors, timeouts, 5xx from `failStatuses`) within `windowMs` that eject a target. */
  maxFails: z.number().int().min(0).max(1000).default(3),
  windowMs: z.number().int().min(100).max(3_600_000).default(10_000),
  cooldownMs: z.number().int().min(100).max(3_600_000).default(30_000),
});

export const ZUpstreamTimeouts = z.object({
  connectMs: z.number().int().min(100).max(600_000).default(5_000),
  /** Time to the response headers, after the request was sent. */
  responseHeadersMs: z.number().int().min(100).max(3_600_000).default(60_000),
  /** Longest silence while reading the response body. */
  idleMs: z.number().int().min(100).max(3_600_000).default(60_000),
});

export const ZUpstreamTls = z.object({
  /** Certificate verification is on unless explicitly turned off for this upstream. */
  verify: z.boolean().default(true),
  /** SNI and verification name when it differs from the target's host. */
  serverName: z.string().min(1).max(253).optional(),
});

export const ZProxyUpstream = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  policy: ZLoadBalancingPolicy.default("round-robin"),
  /** Cookie name for the `cookie` policy. */
  stickyCookie: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).default("gh_sticky"),
  targets: z
    .array(ZProxyTarget)
    .min(1, "An upstream needs at least one target.")
    .refine((targets) => targets.some((t) => !t.backup), "An upstream needs at least one target that is not a backup."),
  healthCheck: ZActiveHealthCheck.nullable().default(null),
  passiveHealth: ZPassiveHealth.prefault({}),
  timeouts: ZUpstreamTimeouts.prefault({}),
  /** Extra attempts on other targets after a connection failure, only while no request body byte was sent. */
  retries: z.number().int().min(0).max(10).default(1),
  tls: ZUpstreamTls.prefault({}),
});

export type TLoadBalancingPolicy = z.infer<typeof ZLoadBalancingPolicy>;
export type TProxyTarget = z.infer<typeof ZProxyTarget>;
export type TActiveHealthCheck = z.infer<typeof ZActiveHealthCheck>;
export type TPassiveHealth = z.infer<typeof ZPassiveHealth>;
export type TUpstreamTimeouts = z.infer<typeof ZUpstreamTimeouts>;
export type TProxyUpstream = z.infer<typeof ZProxyUpstream>;
