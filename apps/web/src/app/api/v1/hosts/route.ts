import { orgHosts } from "@gatehouse/db";
import { ZHostInput } from "@gatehouse/shared";
import { announceHostChange } from "@/features/hosts/announce-host-change.ts";
import { orgApiRoute, readApiBody } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";

/** GET: the organization's hosts. POST: a new host from the host form's body (201). */
export const GET = orgApiRoute("host:read", async (_request, { organizationId }) => Response.json(await orgHosts(getDb(), organizationId).list()));

export const POST = orgApiRoute("host:write", async (request, { organizationId, actor }) => {
  const host = await orgHosts(getDb(), organizationId, actor).create(await readApiBody(request, ZHostInput));
  announceHostChange();
  return Response.json(host, { status: 201 });
});
