import {
  AppError,
  HOST_TLS_MODES,
  ZHostOptions,
  ZHsts,
  type TCertificateStatus,
  type THostOptions,
  type THostTlsMode,
  type THsts,
  type TLocationAction,
} from "@gatehouse/shared";
import { z } from "zod";
import { certificateStatus } from "../certificates/certificate-columns.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { parseColumn, parseJsonColumn } from "../json-column.ts";
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

/** The host's HTTPS settings and, when it has one, where its certificate stands (never a key). */
export type THostTlsView = {
  mode: THostTlsMode;
  certificateId: string | null;
  forceHttps: boolean;
  hsts: THsts | null;
  certificate: { id: string; name: string; status: TCertificateStatus; notAfter: Date | null; lastError: string | null } | null;
};

export type THostView = {
  id: string;
  enabled: boolean;
  domains: string[];
  locations: TLocationView[];
  options: THostOptions;
  tls: THostTlsView;
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
  tlsMode: true,
  certificateId: true,
  forceHttps: true,
  hsts: true,
  certificate: { select: { id: true, name: true, status: true, notAfter: true, lastError: true } },
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

function toHostTlsView(row: THostViewRow): THostTlsView {
  const { certificate } = row;
  return {
    mode: parseColumn(z.enum(HOST_TLS_MODES), row.tlsMode, `TLS mode of host ${row.id}`),
    certificateId: row.certificateId,
    forceHttps: row.forceHttps,
    hsts: parseJsonColumn(ZHsts.nullable(), row.hsts, `HSTS of host ${row.id}`),
    certificate: certificate === null ? null : { ...certificate, status: certificateStatus(certificate.status, certificate.id) },
  };
}

export function toHostView(row: THostViewRow): THostView {
  return {
    id: row.id,
    enabled: row.enabled,
    domains: row.domains.map((entry) => entry.domain),
    locations: row.locations.map((location) => toLocationView(location, row.id)),
    options: parseJsonColumn(ZHostOptions, row.options, `Options of host ${row.id}`),
    tls: toHostTlsView(row),
    revision: row.revision,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
