import { orgMembers } from "@gatehouse/db";
import { orgApiRoute } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";

/** GET: the organization's members, oldest first (every role may read them, as in the GUI). */
export const GET = orgApiRoute("member:read", async (_request, { organizationId }) => Response.json(await orgMembers(getDb(), organizationId).list()));
