import { AppError, ZLocation, type TLocation, type TLocationAction, type TLocationInput } from "@gatehouse/shared";
import type { TransactionClient } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { parseColumn } from "../json-column.ts";
import { deletePrivateUpstreams, privateUpstreamsByPath, savePrivateUpstream } from "./private-upstreams.ts";

export const LOCATION_SELECT = {
  path: true,
  actionType: true,
  upstreamId: true,
  stripPrefix: true,
  status: true,
  body: true,
  contentType: true,
  redirectTo: true,
  keepPath: true,
} satisfies Prisma.LocationSelect;

type TLocationRow = Prisma.LocationGetPayload<{ select: typeof LOCATION_SELECT }>;

/** A Location row as the contract's location; only the columns of its action type are read. */
export function locationFromRow(row: TLocationRow, hostId: string): TLocation {
  const action =
    row.actionType === "proxy"
      ? { type: "proxy", upstreamId: row.upstreamId, stripPrefix: row.stripPrefix }
      : row.actionType === "respond"
        ? { type: "respond", status: row.status, body: row.body, contentType: row.contentType }
        : { type: row.actionType, status: row.status, to: row.redirectTo, keepPath: row.keepPath };
  return parseColumn(ZLocation, { path: row.path, action }, `Location ${row.path} of host ${hostId}`);
}

function actionColumns(action: TLocationAction) {
  switch (action.type) {
    case "proxy":
      return { actionType: action.type, upstreamId: action.upstreamId, stripPrefix: action.stripPrefix };
    case "respond":
      return { actionType: action.type, status: action.status, body: action.body, contentType: action.contentType };
    case "redirect":
      return { actionType: action.type, status: action.status, redirectTo: action.to, keepPath: action.keepPath };
  }
}

/**
 * A location may only name a shared upstream of the host's own organization. Another organization's
 * upstream and another host's private one look the same as a missing one.
 */
async function assertSharedUpstreamsExist(tx: TransactionClient, organizationId: string, locations: TLocationInput[]): Promise<void> {
  const ids = new Set(locations.flatMap(({ action }) => (action.type === "proxy" && action.upstreamId !== undefined ? [action.upstreamId] : [])));
  if (ids.size === 0) return;
  const found = await tx.upstream.count({ where: { organizationId, private: false, id: { in: [...ids] } } });
  if (found !== ids.size) {
    throw new AppError("BAD_INPUT", "This upstream does not exist.", { locations: ["This upstream does not exist."] });
  }
}

export type THostWriteScope = { organizationId: string; hostId: string; firstDomain: string; revision: number };

/**
 * Makes the host's locations exactly `locations`. A location given a backend URL keeps the private
 * upstream it had at the same path (same id, so the proxies' health state for it survives), or gets a
 * new one; private upstreams no location keeps are deleted.
 */
export async function replaceLocations(tx: TransactionClient, scope: THostWriteScope, locations: TLocationInput[]): Promise<void> {
  const { organizationId, hostId } = scope;
  await assertSharedUpstreamsExist(tx, organizationId, locations);
  const unclaimed = await privateUpstreamsByPath(tx, organizationId, hostId);
  const rows: Prisma.LocationCreateManyInput[] = [];
  for (const [position, { path, action }] of locations.entries()) {
    let resolved: TLocationAction;
    if (action.type !== "proxy") {
      resolved = action;
    } else if (action.backendUrl !== undefined) {
      const upstreamId = await savePrivateUpstream(tx, scope, { existingId: unclaimed.get(path), path, url: action.backendUrl });
      unclaimed.delete(path);
      resolved = { type: "proxy", upstreamId, stripPrefix: action.stripPrefix };
    } else {
      // ZProxyActionInput guarantees exactly one of backendUrl and upstreamId.
      resolved = { type: "proxy", upstreamId: action.upstreamId!, stripPrefix: action.stripPrefix };
    }
    rows.push({ hostId, organizationId, path, position, ...actionColumns(resolved) });
  }
  // Replace rather than diff: a host has a handful of locations, and (hostId, path) is unique.
  await tx.location.deleteMany({ where: { hostId, organizationId } });
  await tx.location.createMany({ data: rows });
  await deletePrivateUpstreams(tx, organizationId, [...unclaimed.values()]);
}
