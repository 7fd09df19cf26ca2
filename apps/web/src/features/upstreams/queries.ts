import "server-only";
import { orgUpstreams, targetHealth, type TMembershipView, type TUpstreamView } from "@gatehouse/db";
import { can, isAppError } from "@gatehouse/shared";
import { notFound } from "next/navigation";
import { getDb } from "@/server/db.ts";
import { targetHealthLookup, type TTargetHealthSummary } from "./target-health.ts";
import { upstreamFormValues, type TUpstreamFormValues } from "./upstream-form-values.ts";

export type TUpstreamRow = TUpstreamView & { targetHealth: TTargetHealthSummary[] };

/** The upstreams list (upstream:read, checked by the page). */
export async function upstreamsOverview(membership: TMembershipView): Promise<{ upstreams: TUpstreamRow[]; canWrite: boolean }> {
  const db = getDb();
  const [upstreams, health] = await Promise.all([orgUpstreams(db, membership.organizationId).list(), targetHealth(db, membership.organizationId)]);
  const healthOf = targetHealthLookup(health);
  return {
    upstreams: upstreams.map((upstream) => ({ ...upstream, targetHealth: upstream.targets.map((target) => healthOf(upstream.id, target.url)) })),
    canWrite: can(membership.role, "upstream:write"),
  };
}

/** The upstream form (upstream:write, checked by the page): a new pool, or `id` of the member's organization (anything else is a 404). */
export async function upstreamFormContext(membership: TMembershipView, id?: string): Promise<{ initial: TUpstreamFormValues; name: string | null; hostCount: number }> {
  if (id === undefined) return { initial: upstreamFormValues(null), name: null, hostCount: 0 };
  try {
    const upstream = await orgUpstreams(getDb(), membership.organizationId).get(id);
    return { initial: upstreamFormValues(upstream), name: upstream.name, hostCount: upstream.hostCount };
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
