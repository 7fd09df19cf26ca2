import {
  ZActiveHealthCheck,
  ZLoadBalancingPolicy,
  ZPassiveHealth,
  ZProxyUpstream,
  ZUpstreamTimeouts,
  ZUpstreamTls,
  type TProxyTarget,
  type TProxyUpstream,
} from "@gatehouse/shared";
import type { z } from "zod";
import type { Prisma } from "../generated/prisma/client.ts";
import { parseColumn, parseJsonColumn } from "../json-column.ts";

/** Everything about an upstream but its identity and targets: what the Upstream row's columns hold. */
export const ZUpstreamSettings = ZProxyUpstream.pick({
  policy: true,
  stickyCookie: true,
  healthCheck: true,
  passiveHealth: true,
  timeouts: true,
  retries: true,
  tls: true,
});
export type TUpstreamSettings = z.infer<typeof ZUpstreamSettings>;

/** A proxy upstream without its id: what rows read with UPSTREAM_SETTINGS_SELECT become. */
export type TUpstreamDefinition = Omit<TProxyUpstream, "id">;

export const UPSTREAM_SETTINGS_SELECT = {
  name: true,
  policy: true,
  stickyCookie: true,
  retries: true,
  healthCheck: true,
  passiveHealth: true,
  timeouts: true,
  tls: true,
  targets: { select: { url: true, weight: true, backup: true }, orderBy: { position: "asc" } },
} satisfies Prisma.UpstreamSelect;

type TUpstreamSettingsRow = Prisma.UpstreamGetPayload<{ select: typeof UPSTREAM_SETTINGS_SELECT }>;

export function upstreamColumns(settings: TUpstreamSettings) {
  return {
    policy: settings.policy,
    stickyCookie: settings.stickyCookie,
    retries: settings.retries,
    healthCheck: settings.healthCheck === null ? null : JSON.stringify(settings.healthCheck),
    passiveHealth: JSON.stringify(settings.passiveHealth),
    timeouts: JSON.stringify(settings.timeouts),
    tls: JSON.stringify(settings.tls),
  };
}

/** Nested-create rows for an upstream's targets, keeping the order given (the GUI shows them so again). */
export function targetRows(targets: TProxyTarget[]) {
  return targets.map((target, position) => ({ url: target.url, weight: target.weight, backup: target.backup, position }));
}

export function upstreamFromRow(row: TUpstreamSettingsRow & { id: string }): TUpstreamDefinition {
  const what = (column: string) => `Upstream ${row.id} ${column}`;
  return {
    name: row.name,
    policy: parseColumn(ZLoadBalancingPolicy, row.policy, what("policy")),
    stickyCookie: row.stickyCookie,
    targets: row.targets,
    healthCheck: parseJsonColumn(ZActiveHealthCheck.nullable(), row.healthCheck, what("healthCheck")),
    passiveHealth: parseJsonColumn(ZPassiveHealth, row.passiveHealth, what("passiveHealth")),
    timeouts: parseJsonColumn(ZUpstreamTimeouts, row.timeouts, what("timeouts")),
    retries: row.retries,
    tls: parseJsonColumn(ZUpstreamTls, row.tls, what("tls")),
  };
}
