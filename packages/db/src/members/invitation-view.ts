import { createHash, randomBytes } from "node:crypto";
import type { Prisma } from "../generated/prisma/client.ts";

/** "revoked" is stored as better-auth's "canceled"; "expired" is a pending invitation past its expiry. */
export type TInvitationStatus = "pending" | "accepted" | "revoked" | "expired";

/** Values of the status column (better-auth's own, so its organization plugin reads our rows too). */
export const STORED_STATUS = { pending: "pending", accepted: "accepted", revoked: "canceled" } as const;

/** An invitation as lists and the audit log show it: never its token or the token's hash. */
export type TInvitationView = {
  id: string;
  organizationName: string;
  email: string;
  role: string;
  status: TInvitationStatus;
  invitedBy: { id: string; name: string; email: string };
  createdAt: Date;
  expiresAt: Date;
  lastSentAt: Date | null;
  acceptedAt: Date | null;
};

export const INVITATION_VIEW_SELECT = {
  id: true,
  email: true,
  role: true,
  status: true,
  createdAt: true,
  expiresAt: true,
  lastSentAt: true,
  acceptedAt: true,
  organization: { select: { name: true } },
  user: { select: { id: true, name: true, email: true } },
} satisfies Prisma.InvitationSelect;

export type TInvitationRow = Prisma.InvitationGetPayload<{ select: typeof INVITATION_VIEW_SELECT }>;

/** A role better-auth wrote without one of ours (null, "member") is granted as viewer: fail closed. */
export const invitationRole = (role: string | null): string => role ?? "viewer";

export function invitationStatusAt(invitation: { status: string; expiresAt: Date }, now: Date): TInvitationStatus {
  if (invitation.status === STORED_STATUS.accepted) return "accepted";
  if (invitation.status === STORED_STATUS.pending) return invitation.expiresAt <= now ? "expired" : "pending";
  // "canceled", and better-auth's "rejected": either way the link no longer works.
  return "revoked";
}

export function toInvitationView(row: TInvitationRow, now: Date): TInvitationView {
  return {
    id: row.id,
    organizationName: row.organization.name,
    email: row.email,
    role: invitationRole(row.role),
    status: invitationStatusAt(row, now),
    invitedBy: row.user,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    lastSentAt: row.lastSentAt,
    acceptedAt: row.acceptedAt,
  };
}

/** The link's secret: 32 random bytes. Only its sha256 is stored, so a database copy opens no invitation. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInvitationToken(token) };
}

// 256 random bits: a plain sha256 is enough (no salt or slow hash) and lets the link be looked up by hash.
export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export const DAY_MS = 24 * 60 * 60 * 1000;
