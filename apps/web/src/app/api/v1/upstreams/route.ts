import { orgUpstreams } from "@gatehouse/db";
import { ZUpstreamInput } from "@gatehouse/shared";
import { orgApiRoute, readApiBody } from "@/server/api-route.ts";
import { notifyConfigChanged } from "@/server/config-changes.ts";
import { getDb } from "@/server/db.ts";

/** GET: the organization's upstream pools. POST: a new pool from the upstream form's body (201). */
export const GET = orgApiRoute("upstream:read", async (_request, { organizationId }) =>
  Response.json(await orgUpstreams(getDb(), organizationId).list()),
);

export const POST = orgApiRoute("upstream:write", async (request, { organizationId, actor }) => {
  const upstream = await orgUpstreams(getDb(), organizationId, actor).create(await readApiBody(request, ZUpstreamInput));
  notifyConfigChanged();
  return Response.json(upstream, { status: 201 });
});
