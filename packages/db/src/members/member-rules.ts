import { AppError, isRole, roleWithin } from "@gatehouse/shared";
import type { TransactionClient } from "../client.ts";

export const LAST_OWNER_MESSAGE = "An organization needs at least one owner. Make someone else an owner first.";

/**
 * The acting member may manage a member or invitation whose role is `targetRole` only when that role
 * is not above their own: an admin cannot demote, remove or re-invite an owner. A stored role outside
 * the matrix (better-auth's "member") ranks lowest, so it can always be corrected.
 */
export function assertMayManage(targetRole: string, actingRole: string, what: string): void {
  if (!isRole(actingRole)) throw new AppError("FORBIDDEN", "Your role in this organization does not allow this. Ask an owner or admin.");
  if (isRole(targetRole) && !roleWithin(targetRole, actingRole)) {
    throw new AppError("FORBIDDEN", `Your role (${actingRole}) cannot ${what} with the ${targetRole} role. Ask an owner.`);
  }
}

/** A role is granted (by an invitation or a role change) only within the granter's own. */
export function assertMayGrant(role: string, actingRole: string): void {
  if (!roleWithin(role, actingRole)) {
    throw new AppError("FORBIDDEN", `Your role (${actingRole}) cannot give the ${role} role; choose your own role or a lower one.`);
  }
}

/**
 * Runs after a change, inside its transaction: throwing rolls the change back. Counting after the
 * write (not checking before it) is what makes two owners demoting each other at once safe: SQLite
 * runs write transactions one at a time, so the second one counts the first one's result. (On
 * PostgreSQL under READ COMMITTED this would need the owner rows locked, or SERIALIZABLE.)
 */
export async function assertOwnerRemains(tx: TransactionClient, organizationId: string): Promise<void> {
  const owners = await tx.member.count({ where: { organizationId, role: "owner" } });
  if (owners === 0) throw new AppError("CONFLICT", LAST_OWNER_MESSAGE);
}
