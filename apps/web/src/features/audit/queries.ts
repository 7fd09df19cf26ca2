import "server-only";
import { auditActors, listAuditEvents, listInstanceAuditEvents, type TAuditPage, type TAuditTargetKind, type TMembershipView } from "@gatehouse/db";
import { notFound } from "next/navigation";
import { getDb } from "@/server/db.ts";
import { viewerIsInstanceOwner } from "@/server/session.ts";
import { INSTANCE_KINDS, organizationKindsFor } from "./audit-labels.ts";
import { auditFilterOf, type TAuditSearch } from "./audit-search-params.ts";

export type TAuditOverview = {
  scope: "organization" | "instance";
  page: TAuditPage;
  people: { userId: string; label: string }[];
  kinds: TAuditTargetKind[];
  /** The instance owner also sees instance-level entries (a second tab). */
  canSeeInstance: boolean;
  organizationName: string;
};

/**
 * The audit page for any member who may read hosts (checked by the page): their organization's
 * entries of the kinds their role may see, or (for the instance owner, scope=instance) the
 * instance-level ones; anyone else asking for those gets a 404.
 */
export async function auditOverview(membership: TMembershipView, search: TAuditSearch): Promise<TAuditOverview> {
  const canSeeInstance = await viewerIsInstanceOwner();
  const scope = search.scope ?? "organization";
  if (scope === "instance" && !canSeeInstance) notFound();
  const db = getDb();
  const organizationId = scope === "instance" ? null : membership.organizationId;
  const kinds = organizationId === null ? INSTANCE_KINDS : organizationKindsFor(membership.role);
  const filter = { ...auditFilterOf(search), visibleKinds: kinds };
  const [page, people] = await Promise.all([
    organizationId === null ? listInstanceAuditEvents(db, filter) : listAuditEvents(db, organizationId, filter),
    auditActors(db, organizationId, kinds),
  ]);
  return { scope, page, people, kinds, canSeeInstance, organizationName: membership.organizationName };
}
