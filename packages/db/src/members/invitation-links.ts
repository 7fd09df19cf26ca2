import { AppError, isRole } from "@gatehouse/shared";
import type { TActor } from "../audit/actor.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db } from "../client.ts";
import type { TMembershipView } from "../organizations/memberships.ts";
import { generateRowId } from "../organizations/row-id.ts";
import { hashInvitationToken, invitationRole, invitationStatusAt, STORED_STATUS, type TInvitationStatus } from "./invitation-view.ts";
import { MEMBER_VIEW_SELECT, memberLabel, toMemberView } from "./org-members.ts";

/** What the invitation page shows to whoever holds the link (signed in or not). */
export type TInvitationByToken = {
  id: string;
  organizationName: string;
  organizationSlug: string;
  email: string;
  role: string;
  inviterName: string;
  expiresAt: Date;
  status: TInvitationStatus;
};

export const INVITATION_UNKNOWN_MESSAGE = "This invitation link is not valid. Check that you opened the whole link, or ask for a new invitation.";
export const INVITATION_USED_MESSAGE = "This invitation link has already been used.";

/** The invitation a link opens, in any status, or null when no invitation has this token (any more). */
export async function invitationByToken(db: Db, token: string, now: Date = new Date()): Promise<TInvitationByToken | null> {
  if (!token) return null;
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      status: true,
      expiresAt: true,
      organization: { select: { name: true, slug: true } },
      user: { select: { name: true, email: true } },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    organizationName: row.organization.name,
    organizationSlug: row.organization.slug,
    email: row.email,
    role: invitationRole(row.role),
    inviterName: row.user.name.trim() || row.user.email,
    expiresAt: row.expiresAt,
    status: invitationStatusAt(row, now),
  };
}

/**
 * Accepts the invitation a link carries for the signed-in `user`, in one transaction: the invitation
 * must be pending and unexpired and addressed to the user's email (case-insensitive). Claiming it is a
 * conditional update (pending -> accepted), so two accepts at once make exactly one member. A user who
 * is already a member keeps their role and the invitation is marked accepted. Answers the membership.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  user: { id: string; email: string },
  actor: TActor,
  now: Date = new Date(),
): Promise<TMembershipView> {
  const tokenHash = hashInvitationToken(token);
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({
      where: { tokenHash },
      select: { id: true, organizationId: true, email: true, role: true, status: true, expiresAt: true, organization: { select: { name: true, slug: true } } },
    });
    if (!invitation || !token) throw new AppError("NOT_FOUND", INVITATION_UNKNOWN_MESSAGE);
    const { organizationId, organization } = invitation;
    const status = invitationStatusAt(invitation, now);
    if (status === "accepted") throw new AppError("CONFLICT", INVITATION_USED_MESSAGE);
    if (status === "revoked") throw new AppError("CONFLICT", `This invitation was revoked. Ask ${organization.name} for a new one.`);
    if (status === "expired") throw new AppError("CONFLICT", `This invitation has expired. Ask ${organization.name} for a new one.`);
    if (invitation.email.toLowerCase() !== user.email.trim().toLowerCase()) {
      throw new AppError("FORBIDDEN", `This invitation was sent to ${invitation.email}. Sign in with that address to accept it.`);
    }

    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, tokenHash, status: STORED_STATUS.pending, expiresAt: { gt: now } },
      data: { status: STORED_STATUS.accepted, acceptedAt: now, acceptedUserId: user.id },
    });
    if (claimed.count !== 1) throw new AppError("CONFLICT", INVITATION_USED_MESSAGE);

    const membership = (role: string): TMembershipView => ({
      userId: user.id,
      organizationId,
      organizationSlug: organization.slug,
      organizationName: organization.name,
      role,
    });
    const existing = await tx.member.findFirst({ where: { organizationId, userId: user.id }, select: { role: true } });
    if (existing) return membership(existing.role);

    const role = invitationRole(invitation.role);
    const created = await tx.member.create({
      data: { id: generateRowId(), organizationId, userId: user.id, role: isRole(role) ? role : "viewer", createdAt: now },
      select: MEMBER_VIEW_SELECT,
    });
    const member = toMemberView(created);
    await recordAudit(tx, { organizationId, actor, action: "member.join", targetKind: "member", targetId: member.id, targetLabel: memberLabel(member), after: member });
    return membership(member.role);
  });
}

/**
 * Whether `email` holds a pending, unexpired invitation (with a link) to any organization: the
 * sign-up hook lets such an address create an account while registration is invite-only.
 */
export async function pendingInvitationForEmail(db: Db, email: string, now: Date = new Date()): Promise<boolean> {
  const normalized = email.trim().toLowerCase();
  if (!normalized) return false;
  const invitation = await db.invitation.findFirst({
    where: { email: normalized, status: STORED_STATUS.pending, expiresAt: { gt: now }, tokenHash: { not: null } },
    select: { id: true },
  });
  return invitation !== null;
}
