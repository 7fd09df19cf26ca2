import { AppError } from "@gatehouse/shared";
import type { Prisma } from "../generated/prisma/client.ts";

export type THostView = {
  id: string;
  enabled: boolean;
  domains: string[];
  backendUrl: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
};

/** What a host row must be read with to become a THostView. */
export const HOST_VIEW_SELECT = {
  id: true,
  enabled: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  domains: { select: { domain: true }, orderBy: { position: "asc" } },
  // A host's private upstream holds exactly one target: its backend.
  upstream: { select: { targets: { select: { url: true }, orderBy: { id: "asc" }, take: 1 } } },
} satisfies Prisma.HostSelect;

type THostViewRow = Prisma.HostGetPayload<{ select: typeof HOST_VIEW_SELECT }>;

export function toHostView(row: THostViewRow): THostView {
  const target = row.upstream.targets[0];
  if (!target) throw new AppError("INTERNAL", `Host ${row.id} has an upstream without targets.`);
  return {
    id: row.id,
    enabled: row.enabled,
    domains: row.domains.map((entry) => entry.domain),
    backendUrl: target.url,
    revision: row.revision,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
