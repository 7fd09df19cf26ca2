import { AppError, ZHostOptions, type THostOptions, type TLocationAction } from "@gatehouse/shared";
import type { Prisma } from "../generated/prisma/client.ts";
import { parseJsonColumn } from "../json-column.ts";
import { LOCATION_SELECT, locationFromRow } from "./locations.ts";

export type TProxyLocationView = {
  type: "proxy";
  upstreamId: string;
  upstreamName: string;
  /** Set when the location has its own private upstream (the form's "backend URL"); null for a shared one. */
  backendUrl: string | null;
  stripPrefix: boolean;
};

export type TLocationView = { path: string; action: TProxyLocationView | Exclude<TLocationAction, { type: "proxy" }> };

export type THostView = {
  id: string;
  enabled: boolean;
  domains: string[];
  locations: TLocationView[];
  options: THostOptions;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
};

const LOCATION_VIEW_SELECT = {
  ...LOCATION_SELECT,
  upstream: { select: { name: true, private: true, targets: { select: { url: true }, orderBy: { position: "asc" }, take: 1 } } },
} satisfies Prisma.LocationSelect;

/** What a host row must be read with to become a THostView. */
export const HOST_VIEW_SELECT = {
  id: true,
  enabled: true,
  options: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  domains: { select: { domain: true }, orderBy: { position: "asc" } },
  locations: { select: LOCATION_VIEW_SELECT, orderBy: { position: "asc" } },
} satisfies Prisma.HostSelect;

type THostViewRow = Prisma.HostGetPayload<{ select: typeof HOST_VIEW_SELECT }>;
type TLocationViewRow = Prisma.LocationGetPayload<{ select: typeof LOCATION_VIEW_SELECT }>;

function toLocationView(row: TLocationViewRow, hostId: string): TLocationView {
  const { path, action } = locationFromRow(row, hostId);
  if (action.type !== "proxy") return { path, action };
  const { upstream } = row;
  // A private upstream holds exactly one target: the location's backend.
  const backendUrl = upstream?.private ? (upstream.targets[0]?.url ?? null) : null;
  if (!upstream || (upstream.private && backendUrl === null)) {
    throw new AppError("INTERNAL", `Location ${path} of host ${hostId} has no usable upstream.`);
  }
  return { path, action: { type: "proxy", upstreamId: action.upstreamId, upstreamName: upstream.name, backendUrl, stripPrefix: action.stripPrefix } };
}

export function toHostView(row: THostViewRow): THostView {
  return {
    id: row.id,
    enabled: row.enabled,
    domains: row.domains.map((entry) => entry.domain),
    locations: row.locations.map((location) => toLocationView(location, row.id)),
    options: parseJsonColumn(ZHostOptions, row.options, `Options of host ${row.id}`),
    revision: row.revision,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
