import "server-only";
import { listApiTokens, type TApiTokenView } from "@gatehouse/db";
import { can, ROLES, roleWithin, type TRole } from "@gatehouse/shared";
import { getDb } from "@/server/db.ts";
import { requireViewer } from "@/server/session.ts";

/** The API tokens page: the organization's tokens, and the roles the viewer may give a new one (none without token:write). */
export async function apiTokensOverview(): Promise<{ tokens: TApiTokenView[]; canWrite: boolean; grantableRoles: TRole[] }> {
  const { membership } = await requireViewer("token:read");
  const canWrite = can(membership.role, "token:write");
  return {
    tokens: await listApiTokens(getDb(), membership.organizationId),
    canWrite,
    grantableRoles: canWrite ? ROLES.filter((role) => roleWithin(role, membership.role)) : [],
  };
}
