import "server-only";
import { listNodes, liveState, orgHosts, orgUpstreams, targetHealth, type THostView } from "@gatehouse/db";
import { can, isAppError } from "@gatehouse/shared";
import { notFound } from "next/navigation";
import { targetHealthLookup, type TTargetHealthSummary } from "@/features/upstreams/target-health.ts";
import { getDb } from "@/server/db.ts";
import { requireViewer } from "@/server/session.ts";
import { hostFormValues, type THostFormValues, type TUpstreamChoice } from "./host-form-values.ts";

/** A host in the list, with the health of each location's private target (null for other locations). */
export type THostRow = THostView & { state: ReturnType<typeof liveState>; locationHealth: (TTargetHealthSummary | null)[] };

export async function hostsOverview(): Promise<{ hosts: THostRow[]; canWrite: boolean; canReadUpstreams: boolean }> {
  const { membership } = await requireViewer("host:read");
  const db = getDb();
  const [hosts, nodes, health] = await Promise.all([
    orgHosts(db, membership.organizationId).list(),
    listNodes(db),
    targetHealth(db, membership.organizationId),
  ]);
  const healthOf = targetHealthLookup(health);
  return {
    hosts: hosts.map((host) => ({
      ...host,
      state: liveState(host.revision, nodes),
      locationHealth: host.locations.map(({ action }) =>
        action.type === "proxy" && action.backendUrl !== null ? healthOf(action.upstreamId, action.backendUrl) : null,
      ),
    })),
    canWrite: can(membership.role, "host:write"),
    canReadUpstreams: can(membership.role, "upstream:read"),
  };
}

/** The upstream pools a host location can use (a host writer also reads upstreams in every role). */
async function upstreamChoices(organizationId: string): Promise<TUpstreamChoice[]> {
  const upstreams = await orgUpstreams(getDb(), organizationId).list();
  return upstreams.map(({ id, name }) => ({ id, name }));
}

/** The host form of the viewer's organization: a new host, or `id` (another organization's id is a 404). */
export async function hostFormContext(id?: string): Promise<{ initial: THostFormValues; upstreams: TUpstreamChoice[]; name: string | null }> {
  const { membership } = await requireViewer("host:write");
  const hosts = orgHosts(getDb(), membership.organizationId);
  let host: THostView | null = null;
  if (id !== undefined) {
    try {
      host = await hosts.get(id);
    } catch (error) {
      if (isAppError(error) && error.code === "NOT_FOUND") notFound();
      throw error;
    }
  }
  return { initial: hostFormValues(host), upstreams: await upstreamChoices(membership.organizationId), name: host ? (host.domains[0] ?? host.id) : null };
}
