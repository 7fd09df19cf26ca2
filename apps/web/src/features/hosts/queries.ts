import "server-only";
import { listNodes, liveState, orgHosts, type THostView } from "@gatehouse/db";
import { can, isAppError } from "@gatehouse/shared";
import { notFound } from "next/navigation";
import { getDb } from "@/server/db.ts";
import { requireViewer } from "@/server/session.ts";

export type THostRow = THostView & { state: ReturnType<typeof liveState> };

export async function hostsOverview(): Promise<{ hosts: THostRow[]; canWrite: boolean }> {
  const { membership } = await requireViewer("host:read");
  const db = getDb();
  const [hosts, nodes] = await Promise.all([orgHosts(db, membership.organizationId).list(), listNodes(db)]);
  return {
    hosts: hosts.map((host) => ({ ...host, state: liveState(host.revision, nodes) })),
    canWrite: can(membership.role, "host:write"),
  };
}

/** A host of the viewer's organization for the edit page; another organization's id is a 404. */
export async function hostForEdit(id: string): Promise<THostView> {
  const { membership } = await requireViewer("host:write");
  try {
    return await orgHosts(getDb(), membership.organizationId).get(id);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

/** Checks the viewer may add hosts (the new-host page). */
export async function requireHostWriter(): Promise<void> {
  await requireViewer("host:write");
}
