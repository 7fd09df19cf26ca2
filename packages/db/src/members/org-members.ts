import { AppError, ZMemberRoleInput, zodFieldErrors } from "@gatehouse/shared";
import type { z } from "zod";
import type { TActor } from "../audit/actor.ts";
import type { TAuditAction } from "../audit/audit-actions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { Db, TransactionClient } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { assertMayGrant, assertMayManage, assertOwnerRemains } from "./member-rules.ts";

/** A member as lists and the audit log show them: who, with which role, since when. Nothing secret. */
export type TMemberView = {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: Date;
};

export const MEMBER_VIEW_SELECT = {
  id: true,
  userId: true,
  role: true,
  createdAt: true,
  user: { select: { name: true, email: true } },
} satisfies Prisma.MemberSelect;

type TMemberRow = Prisma.MemberGetPayload<{ select: typeof MEMBER_VIEW_SELECT }>;

export function toMemberView(row: TMemberRow): TMemberView {
  return { id: row.id, userId: row.userId, name: row.user.name, email: row.user.email, role: row.role, joinedAt: row.createdAt };
}

/** The member's name in the audit log. */
export const memberLabel = (member: TMemberView): string => member.name.trim() || member.email;

function memberNotFound(): AppError {
  return new AppError("NOT_FOUND", "This member does not exist in this organization. They may have left or been removed.");
}

function parseRoleInput(input: z.input<typeof ZMemberRoleInput>) {
  const result = ZMemberRoleInput.safeParse(input);
  if (!result.success) throw new AppError("BAD_INPUT", "Choose a role.", zodFieldErrors(result.error));
  return result.data;
}

/** Reading an organization's members: needs no actor. */
function memberReads(db: Db, organizationId: string) {
  return {
    /** Oldest member first. */
    async list(): Promise<TMemberView[]> {
      const rows = await db.member.findMany({ where: { organizationId }, select: MEMBER_VIEW_SELECT, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
      return rows.map(toMemberView);
    },

    async get(memberId: string): Promise<TMemberView> {
      const row = await db.member.findFirst({ where: { id: memberId, organizationId }, select: MEMBER_VIEW_SELECT });
      if (!row) throw memberNotFound();
      return toMemberView(row);
    },
  };
}

/**
 * Changing an organization's members, each change checked against the acting member's role (passed by
 * the caller: the session member's role, or an API token's effective role) and recorded as `actor`.
 */
function memberWrites(db: Db, organizationId: string, actor: TActor) {
  /** The member before a change, or NOT_FOUND when they are not in this organization. */
  async function viewBefore(tx: TransactionClient, memberId: string): Promise<TMemberView> {
    const row = await tx.member.findFirst({ where: { id: memberId, organizationId }, select: MEMBER_VIEW_SELECT });
    if (!row) throw memberNotFound();
    return toMemberView(row);
  }

  function audit(tx: TransactionClient, action: TAuditAction, before: TMemberView | null, after: TMemberView | null): Promise<void> {
    const member = (after ?? before)!;
    return recordAudit(tx, { organizationId, actor, action, targetKind: "member", targetId: member.id, targetLabel: memberLabel(member), before, after });
  }

  async function removeIn(tx: TransactionClient, before: TMemberView, actingRole: string): Promise<void> {
    assertMayManage(before.role, actingRole, "remove a member");
    await tx.member.delete({ where: { id: before.id } });
    await assertOwnerRemains(tx, organizationId);
    await audit(tx, "member.remove", before, null);
  }

  return {
    /**
     * Gives a member another role: only a role within the acting member's own, only to a member not
     * above them, and never leaving the organization without an owner (the last owner demoting
     * themselves included).
     */
    async changeRole(memberId: string, input: z.input<typeof ZMemberRoleInput>, actingRole: string): Promise<TMemberView> {
      const { role } = parseRoleInput(input);
      return db.$transaction(async (tx) => {
        const before = await viewBefore(tx, memberId);
        assertMayManage(before.role, actingRole, "change the role of a member");
        assertMayGrant(role, actingRole);
        if (before.role === role) return before;
        await tx.member.update({ where: { id: memberId }, data: { role } });
        await assertOwnerRemains(tx, organizationId);
        const after = { ...before, role };
        await audit(tx, "member.role-change", before, after);
        return after;
      });
    },

    /** Removes a member (not one above the acting role); the last owner cannot be removed. */
    async remove(memberId: string, actingRole: string): Promise<void> {
      await db.$transaction(async (tx) => removeIn(tx, await viewBefore(tx, memberId), actingRole));
    },

    /**
     * The user leaves the organization, whatever their role (a viewer may leave too: the caller checks
     * only member:read), unless they are its last owner.
     */
    async leave(userId: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const row = await tx.member.findFirst({ where: { userId, organizationId }, select: MEMBER_VIEW_SELECT });
        if (!row) throw memberNotFound();
        const before = toMemberView(row);
        // Acting as themselves: a role outside the matrix still may leave.
        await removeIn(tx, before, "owner");
      });
    },
  };
}

export type TOrgMembersReader = ReturnType<typeof memberReads>;
export type TOrgMembers = TOrgMembersReader & ReturnType<typeof memberWrites>;

/**
 * The only way to read or change an organization's members: every query is bound to the organization,
 * and a member id of another organization answers NOT_FOUND exactly like a missing one. Reading needs
 * no actor; changing does. Each change is one transaction with its audit entry (member views before
 * and after), and the last-owner rule is checked inside it.
 */
export function orgMembers(db: Db, organizationId: string): TOrgMembersReader;
export function orgMembers(db: Db, organizationId: string, actor: TActor): TOrgMembers;
export function orgMembers(db: Db, organizationId: string, actor?: TActor): TOrgMembersReader | TOrgMembers {
  if (!organizationId) throw new AppError("INTERNAL", "orgMembers was called without an organization id.");
  const reads = memberReads(db, organizationId);
  return actor === undefined ? reads : { ...reads, ...memberWrites(db, organizationId, actor) };
}
