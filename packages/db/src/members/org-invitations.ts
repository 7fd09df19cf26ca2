import { AppError, ZInvitationInput, zodFieldErrors } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "../audit/actor.ts";
import type { TAuditAction } from "../audit/audit-actions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db, TransactionClient } from "../client.ts";
import { generateRowId } from "../organizations/row-id.ts";
import {
  DAY_MS,
  INVITATION_VIEW_SELECT,
  newInvitationToken,
  STORED_STATUS,
  toInvitationView,
  type TInvitationView,
} from "./invitation-view.ts";
import { assertMayGrant, assertMayManage } from "./member-rules.ts";

/** What inviting and resending answer: the view, and the link's token (the only time it exists outside the database's hash). */
export type TInvitationLink = { invitation: TInvitationView; token: string };

function invitationNotFound(): AppError {
  return new AppError("NOT_FOUND", "This invitation does not exist. It may have been deleted.");
}

function parseInvitationInput(input: z.input<typeof ZInvitationInput>) {
  const result = ZInvitationInput.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", "Check the highlighted invitation fields.", zodFieldErrors(result.error));
  return result.data;
}

/** Refuses to invite (or re-invite) an address that is in the organization or already has a working invitation. */
async function assertInvitable(tx: TransactionClient, organizationId: string, email: string, now: Date, exceptId?: string): Promise<void> {
  const member = await tx.member.findFirst({ where: { organizationId, user: { email } }, select: { id: true } });
  if (member) throw new AppError("CONFLICT", `${email} is already a member of this organization.`, { email: ["Already a member."] });
  const pending = await tx.invitation.findFirst({
    where: { organizationId, email, status: STORED_STATUS.pending, expiresAt: { gt: now }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (pending) throw new AppError("CONFLICT", `${email} is already invited: resend it from the list.`, { email: ["Already invited."] });
}

/** Reading an organization's invitations: needs no actor. */
function invitationReads(db: Db, organizationId: string) {
  return {
    /** Newest first, accepted, revoked and expired ones included (marked by status). */
    async list(now: Date = new Date()): Promise<TInvitationView[]> {
      const rows = await db.invitation.findMany({ where: { organizationId }, select: INVITATION_VIEW_SELECT, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      return rows.map((row) => toInvitationView(row, now));
    },

    async get(id: string, now: Date = new Date()): Promise<TInvitationView> {
      const row = await db.invitation.findFirst({ where: { id, organizationId }, select: INVITATION_VIEW_SELECT });
      if (!row) throw invitationNotFound();
      return toInvitationView(row, now);
    },
  };
}

/** Inviting, resending and revoking, each checked against the acting member's role and recorded as `actor`. */
function invitationWrites(db: Db, organizationId: string, actor: TActor) {
  async function viewBefore(tx: TransactionClient, id: string, now: Date): Promise<TInvitationView> {
    const row = await tx.invitation.findFirst({ where: { id, organizationId }, select: INVITATION_VIEW_SELECT });
    if (!row) throw invitationNotFound();
    return toInvitationView(row, now);
  }

  async function readView(tx: TransactionClient, id: string, now: Date): Promise<TInvitationView> {
    return toInvitationView(await tx.invitation.findUniqueOrThrow({ where: { id }, select: INVITATION_VIEW_SELECT }), now);
  }

  function audit(tx: TransactionClient, action: TAuditAction, before: TInvitationView | null, after: TInvitationView): Promise<void> {
    return recordAudit(tx, { organizationId, actor, action, targetKind: "invitation", targetId: after.id, targetLabel: after.email, before, after });
  }

  return {
    /**
     * Invites `email` with a role within the acting member's own. The link works for
     * `expiresInDays`; the inviter recorded is the actor's user (an API token's creator).
     */
    async invite(input: z.input<typeof ZInvitationInput>, actingRole: string, now: Date = new Date()): Promise<TInvitationLink> {
      const { email, role, expiresInDays } = parseInvitationInput(input);
      assertMayGrant(role, actingRole);
      const inviterId = actor.userId;
      if (!inviterId) throw new AppError("INTERNAL", "An invitation needs a user who sends it; this actor has none.");
      const { token, tokenHash } = newInvitationToken();
      const invitation = await db.$transaction(async (tx) => {
        await assertInvitable(tx, organizationId, email, now);
        const { id } = await tx.invitation.create({
          data: {
            id: generateRowId(),
            organizationId,
            email,
            role,
            status: STORED_STATUS.pending,
            inviterId,
            tokenHash,
            createdAt: now,
            lastSentAt: now,
            expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS),
          },
          select: { id: true },
        });
        const created = await readView(tx, id, now);
        await audit(tx, "invitation.create", null, created);
        return created;
      });
      return { invitation, token };
    },

    /**
     * A new link for a pending or expired invitation: the token is replaced (the old link stops
     * working) and the validity starts again, as long as it was first given unless `expiresInDays`
     * says otherwise.
     */
    async resend(id: string, actingRole: string, expiresInDays?: number, now: Date = new Date()): Promise<TInvitationLink> {
      if (expiresInDays !== undefined && !ZInvitationInput.shape.expiresInDays.safeParse(expiresInDays).success) {
        throw new AppError("BAD_INPUT", "An invitation works for 1 to 30 days.", { expiresInDays: ["Give a whole number of days from 1 to 30."] });
      }
      const { token, tokenHash } = newInvitationToken();
      const invitation = await db.$transaction(async (tx) => {
        const before = await viewBefore(tx, id, now);
        if (before.status === "accepted") throw new AppError("CONFLICT", `${before.email} has already accepted this invitation.`);
        if (before.status === "revoked") throw new AppError("CONFLICT", "This invitation was revoked. Invite the person again instead.");
        assertMayManage(before.role, actingRole, "resend an invitation");
        await assertInvitable(tx, organizationId, before.email, now, id);
        const sentAt = before.lastSentAt ?? before.createdAt;
        const days = expiresInDays ?? Math.min(30, Math.max(1, Math.round((before.expiresAt.getTime() - sentAt.getTime()) / DAY_MS)));
        await tx.invitation.update({ where: { id }, data: { tokenHash, lastSentAt: now, expiresAt: new Date(now.getTime() + days * DAY_MS) } });
        const after = await readView(tx, id, now);
        await audit(tx, "invitation.resend", before, after);
        return after;
      });
      return { invitation, token };
    },

    /** Revokes a pending (or expired) invitation: its link stops working. Revoking twice is not an error. */
    async revoke(id: string, actingRole: string, now: Date = new Date()): Promise<TInvitationView> {
      return db.$transaction(async (tx) => {
        const before = await viewBefore(tx, id, now);
        if (before.status === "accepted") throw new AppError("CONFLICT", `${before.email} has already accepted this invitation; remove the member instead.`);
        if (before.status === "revoked") return before;
        assertMayManage(before.role, actingRole, "revoke an invitation");
        await tx.invitation.update({ where: { id }, data: { status: STORED_STATUS.revoked } });
        const after = await readView(tx, id, now);
        await audit(tx, "invitation.revoke", before, after);
        return after;
      });
    },
  };
}

export type TOrgInvitationsReader = ReturnType<typeof invitationReads>;
export type TOrgInvitations = TOrgInvitationsReader & ReturnType<typeof invitationWrites>;

/**
 * The only way to read or change an organization's invitations, bound to the organization: another
 * organization's invitation id answers NOT_FOUND like a missing one. Only the sha256 of a link's
 * token is stored; invite and resend hand the token out once.
 */
export function orgInvitations(db: Db, organizationId: string): TOrgInvitationsReader;
export function orgInvitations(db: Db, organizationId: string, actor: TActor): TOrgInvitations;
export function orgInvitations(db: Db, organizationId: string, actor?: TActor): TOrgInvitationsReader | TOrgInvitations {
  if (!organizationId) throw new AppError("INTERNAL", "orgInvitations was called without an organization id.");
  const reads = invitationReads(db, organizationId);
  return actor === undefined ? reads : { ...reads, ...invitationWrites(db, organizationId, actor) };
}
