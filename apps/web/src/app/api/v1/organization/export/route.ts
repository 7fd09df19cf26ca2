import { authorizeMembership } from "@/server/action-core.ts";
import { apiRoute } from "@/server/api-route.ts";
import { currentMembership } from "@/server/session.ts";
import { exportDownload } from "@/features/org-export/queries.ts";

/** GET ?keys=1: the active organization's configuration as a JSON file (with private keys when asked). */
export const GET = apiRoute(async (request) => {
  const { organizationId } = authorizeMembership(await currentMembership(), "organization:transfer");
  return exportDownload(organizationId, new URL(request.url).searchParams.get("keys") === "1");
});
