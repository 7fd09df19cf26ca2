import "server-only";
import { orgUpstreams, targetHealth, type TUpstreamView } from "@gatehouse/db";
import { can, isAppError } from "@gatehouse/shared";
import { notFound } from "next/navigation";
import { getDb } from "@/server/db.ts";
import { requireViewer } from "@/server/session.ts";
import { targetHealthLookup, type TTargetHealthSummary } from "./target-health.ts";
import { upstreamFormValues, type TUpstreamFormValues } from "./upstream-form-values.ts";

export type TUpstreamRow = TUpstreamView & { targetHealth: TTargetHealthSummary[] };

export async function upstreamsOverview(): Promise<{ upstreams: TUpstreamRow[]; canWrite: boolean }> {
  const { membership } = await requireViewer("upstream:read");
  const db = getDb();
  const [upstreams, health] = await Promise.all([orgUpstreams(db, membership.organizationId).list(), targetHealth(db, membership.organizationId)]);
  const healthOf = targetHealthLookup(health);
  return {
    upstreams: upstreams.map((upstream) => ({ ...upstream, targetHealth: upstream.targets.map((target) => healthOf(upstream.id, target.url)) })),
    canWrite: can(membership.role, "upstream:write"),
  };
}

/** The upstream form: a new pool, or `id` of the viewer's organization (anything else is a 404). */
export async function upstreamFormContext(id?: string): Promise<{ initial: TUpstreamFormValues; name: string | null; hostCount: number }> {
  const { membership } = await requireViewer("upstream:write");
  if (id === undefined) return { initial: upstreamFormValues(null), name: null, hostCount: 0 };
  try {
    const upstream = await orgUpstreams(getDb(), membership.organizationId).get(id);
    return { initial: upstreamFormValues(upstream), name: upstream.name, hostCount: upstream.hostCount };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
