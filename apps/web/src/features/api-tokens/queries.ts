import "server-only";
import { listApiTokens, type TApiTokenView, type TMembershipView } from "@gatehouse/db";
import { can, ROLES, roleWithin, type TRole } from "@gatehouse/shared";
import { getDb } from "@/server/db.ts";

/** The API tokens page (token:read, checked by the page): the organization's tokens, and the roles the member may give a new one (none without token:write). */
export async function apiTokensOverview(membership: TMembershipView): Promise<{ tokens: TApiTokenView[]; canWrite: boolean; grantableRoles: TRole[] }> {
  const canWrite = can(membership.role, "token:write");
  return {
    tokens: await listApiTokens(getDb(), membership.organizationId),
    canWrite,
    grantableRoles: canWrite ? ROLES.filter((role) => roleWithin(role, membership.role)) : [],
  };
}
