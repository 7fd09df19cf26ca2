import { orgMembers } from "@gatehouse/db";
import { ZMemberRoleInput } from "@gatehouse/shared";
import { orgApiRoute, readApiBody } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";

type TParams = { id: string };

// The caller's role (a token's effective role, or the session member's) is the ceiling: nobody gives
// or touches a role above their own, and the data layer keeps at least one owner.

export const GET = orgApiRoute<TParams>("member:read", async (_request, { organizationId }, { id }) =>
  Response.json(await orgMembers(getDb(), organizationId).get(id)),
);

/** Body `{ role }`: the member's new role. */
export const PATCH = orgApiRoute<TParams>("member:write", async (request, { organizationId, role, actor }, { id }) => {
  const input = await readApiBody(request, ZMemberRoleInput);
  return Response.json(await orgMembers(getDb(), organizationId, actor).changeRole(id, input, role));
});

export const DELETE = orgApiRoute<TParams>("member:write", async (_request, { organizationId, role, actor }, { id }) => {
  await orgMembers(getDb(), organizationId, actor).remove(id, role);
  return new Response(null, { status: 204 });
});
