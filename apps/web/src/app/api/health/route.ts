import { currentRevision } from "@gatehouse/db";
import { getDb } from "../../../server/db.ts";
import { apiRoute } from "../../../server/api-route.ts";

export const dynamic = "force-dynamic";

/** Liveness and readiness in one: answers only when the database can be read. */
export const GET = apiRoute(async () => {
  const revision = await currentRevision(getDb());
  return Response.json({ status: "ok", revision }, { headers: { "Cache-Control": "no-store" } });
});
