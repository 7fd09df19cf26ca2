import { AppError } from "@gatehouse/shared";
import type { Db } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { TAuditAction, TAuditTargetKind } from "./audit-actions.ts";

/** One audit entry as the audit page shows it; before/after are the views recorded at the time. */
export type TAuditEventView = {
  id: string;
  createdAt: Date;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorLabel: string;
  ip: string | null;
  action: TAuditAction;
  targetKind: TAuditTargetKind;
  targetId: string | null;
  targetLabel: string;
  before: unknown;
  after: unknown;
};

export type TAuditFilter = {
  actorUserId?: string;
  kind?: TAuditTargetKind;
  /**
   * The kinds the reader may see (their role decides: invitation entries name people who are not
   * members yet, token entries describe credentials); entries of other kinds are left out.
   */
  visibleKinds?: readonly TAuditTargetKind[];
  /** Entries at or after this time. */
  from?: Date;
  /** Entries before this time. */
  to?: Date;
  /** The id of the last entry of the previous page. */
  cursor?: string;
  limit: number;
};

export type TAuditPage = { events: TAuditEventView[]; nextCursor: string | null };

const MAX_PAGE = 200;

const parseSnapshot = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

function kindCondition(filter: Pick<TAuditFilter, "kind" | "visibleKinds">): Prisma.AuditEventWhereInput {
  const kinds = filter.kind === undefined ? filter.visibleKinds : [filter.kind].filter((kind) => filter.visibleKinds?.includes(kind) ?? true);
  return kinds === undefined ? {} : { targetKind: { in: [...kinds] } };
}

/** Newest first; one extra row tells whether a next page exists. `organizationId` null: instance-level entries. */
async function listEvents(db: Db, organizationId: string | null, filter: TAuditFilter): Promise<TAuditPage> {
  const limit = Math.min(Math.max(1, Math.floor(filter.limit)), MAX_PAGE);
  const where: Prisma.AuditEventWhereInput = {
    organizationId,
    ...(filter.actorUserId === undefined ? {} : { actorUserId: filter.actorUserId }),
    ...kindCondition(filter),
    createdAt: { ...(filter.from === undefined ? {} : { gte: filter.from }), ...(filter.to === undefined ? {} : { lt: filter.to }) },
  };
  // A cursor of another organization (or a deleted entry) starts from the top rather than leaking its position.
  const cursorRow = filter.cursor === undefined ? null : await db.auditEvent.findFirst({ where: { id: filter.cursor, organizationId }, select: { id: true } });
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursorRow === null ? {} : { cursor: { id: cursorRow.id }, skip: 1 }),
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      actorUserId: row.actorUserId,
      actorTokenId: row.actorTokenId,
      actorLabel: row.actorLabel,
      ip: row.ip,
      action: row.action as TAuditAction,
      targetKind: row.targetKind as TAuditTargetKind,
      targetId: row.targetId,
      targetLabel: row.targetLabel,
      before: parseSnapshot(row.before),
      after: parseSnapshot(row.after),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** The organization's audit log: never another organization's entries, nor instance-level ones. */
export async function listAuditEvents(db: Db, organizationId: string, filter: TAuditFilter): Promise<TAuditPage> {
  if (!organizationId) throw new AppError("INTERNAL", "listAuditEvents was called without an organization id.");
  return listEvents(db, organizationId, filter);
}

/** Instance-level entries (instance settings, ACME account): the web layer shows them to the instance owner only. */
export async function listInstanceAuditEvents(db: Db, filter: TAuditFilter): Promise<TAuditPage> {
  return listEvents(db, null, filter);
}

/**
 * The people who acted in person in a log, for the "person" filter: one label per user id, as of their
 * latest entry. Filtering by a person also finds what their API tokens did (same actorUserId).
 */
export async function auditActors(
  db: Db,
  organizationId: string | null,
  visibleKinds?: readonly TAuditTargetKind[],
): Promise<{ userId: string; label: string }[]> {
  const rows = await db.auditEvent.findMany({
    where: { organizationId, actorUserId: { not: null }, actorTokenId: null, ...kindCondition(visibleKinds ? { visibleKinds } : {}) },
    distinct: ["actorUserId"],
    select: { actorUserId: true, actorLabel: true },
    orderBy: [{ actorUserId: "asc" }, { createdAt: "desc" }],
  });
  return rows.map((row) => ({ userId: row.actorUserId!, label: row.actorLabel }));
}
