import { orgUpstreams } from "@gatehouse/db";
import { ZUpstreamInput } from "@gatehouse/shared";
import { orgApiRoute, readApiBody } from "@/server/api-route.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";

type TParams = { id: string };

export const GET = orgApiRoute<TParams>("upstream:read", async (_request, { organizationId }, { id }) =>
  Response.json(await orgUpstreams(getDb(), organizationId).get(id)),
);

/** Replaces the pool with the body (the whole pool, as the form sends it). */
export const PUT = orgApiRoute<TParams>("upstream:write", async (request, { organizationId, actor }, { id }) => {
  const upstream = await orgUpstreams(getDb(), organizationId, actor).update(id, await readApiBody(request, ZUpstreamInput));
  notifyConfigChanged();
  return Response.json(upstream);
});

/** Refused (409) while a host uses the pool. */
export const DELETE = orgApiRoute<TParams>("upstream:write", async (_request, { organizationId, actor }, { id }) => {
  await orgUpstreams(getDb(), organizationId, actor).remove(id);
  notifyConfigChanged();
  return new Response(null, { status: 204 });
});
