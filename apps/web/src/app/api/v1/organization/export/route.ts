import { authorizeOrgMember } from "@/server/action-core.ts";
import { apiRoute } from "@/server/api-route.ts";
import { getMembership, getViewer, homeMembership } from "@/server/session.ts";
import { exportDownload } from "@/features/org-export/queries.ts";

/**
 * GET ?org=<slug>&keys=1: that organization's configuration as a JSON file (with private keys when
 * asked). The GUI's form names the organization of its page; a script that names none gets the
 * session's active organization, like the rest of the session-authenticated API.
 */
export const GET = apiRoute(async (request) => {
  const query = new URL(request.url).searchParams;
  const viewer = await getViewer();
  const slug = query.get("org");
  const membership = viewer === null ? null : slug === null ? await homeMembership() : await getMembership(slug);
  const { organizationId } = authorizeOrgMember(viewer?.user.id ?? null, membership, "organization:transfer");
  return exportDownload(organizationId, query.get("keys") === "1");
});
