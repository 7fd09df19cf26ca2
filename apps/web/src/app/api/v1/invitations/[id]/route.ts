import { orgInvitations } from "@gatehouse/db";
import { orgApiRoute } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";

type TParams = { id: string };

/** Revokes the invitation: its link stops working; the row stays, listed as revoked. */
export const DELETE = orgApiRoute<TParams>("member:write", async (_request, { organizationId, role, actor }, { id }) => {
  await orgInvitations(getDb(), organizationId, actor).revoke(id, role);
  return new Response(null, { status: 204 });
});
