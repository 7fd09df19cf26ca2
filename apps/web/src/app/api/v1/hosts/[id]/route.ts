import { orgHosts } from "@gatehouse/db";
import { ZHostInput } from "@gatehouse/shared";
import { announceHostChange } from "@/features/hosts/announce-host-change.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { orgApiRoute, readApiBody } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";

type TParams = { id: string };

export const GET = orgApiRoute<TParams>("host:read", async (_request, { organizationId }, { id }) =>
  Response.json(await orgHosts(getDb(), organizationId).get(id)),
);

/** Replaces the host with the body (the whole host, as the form sends it). */
export const PUT = orgApiRoute<TParams>("host:write", async (request, { organizationId, actor }, { id }) => {
  const host = await orgHosts(getDb(), organizationId, actor).update(id, await readApiBody(request, ZHostInput));
  announceHostChange();
  return Response.json(host);
});

export const DELETE = orgApiRoute<TParams>("host:write", async (_request, { organizationId, actor }, { id }) => {
  await orgHosts(getDb(), organizationId, actor).remove(id);
  notifyConfigChanged();
  return new Response(null, { status: 204 });
});
