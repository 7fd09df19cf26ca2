import type { TransactionClient } from "../client.ts";
import type { TActor } from "./actor.ts";
import type { TAuditAction, TAuditTargetKind } from "./audit-actions.ts";

export type TAuditEntry = {
  /** null for instance-level changes (instance settings, the ACME account): only the instance owner sees those. */
  organizationId: string | null;
  actor: TActor;
  action: TAuditAction;
  targetKind: TAuditTargetKind;
  targetId: string | null;
  targetLabel: string;
  /** The view object (THostView, TUpstreamView, ...) before and after; never anything secret. */
  before?: object | null;
  after?: object | null;
};

// Bookkeeping every write moves; in a diff they would only hide the fields a person changed.
const BOOKKEEPING_FIELDS = new Set(["revision", "createdAt", "updatedAt"]);

function snapshot(view: object | null | undefined): string | null {
  if (view === null || view === undefined) return null;
  return JSON.stringify(view, (key, value: unknown) => (BOOKKEEPING_FIELDS.has(key) ? undefined : value));
}

/**
 * Writes one audit entry with the caller's transaction client, so the entry exists exactly when the
 * change it describes does: a change that rolls back leaves no entry.
 */
export async function recordAudit(tx: TransactionClient, entry: TAuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      organizationId: entry.organizationId,
      actorUserId: entry.actor.userId,
      actorTokenId: entry.actor.tokenId,
      actorLabel: entry.actor.label,
      ip: entry.actor.ip,
      action: entry.action,
      targetKind: entry.targetKind,
      targetId: entry.targetId,
      targetLabel: entry.targetLabel,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
    },
  });
}
