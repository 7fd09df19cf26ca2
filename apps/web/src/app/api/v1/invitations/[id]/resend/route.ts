import { orgInvitations } from "@gatehouse/db";
import { deliverInvitation } from "@/features/members/invitation-delivery.ts";
import { orgApiRoute } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";

type TParams = { id: string };

/**
 * A new link for a pending or expired invitation (the previous link stops working), valid as long as
 * the first one was, emailed when mail is set up. Answers the invitation, the new link and whether it
 * was emailed.
 */
export const POST = orgApiRoute<TParams>("member:write", async (_request, { organizationId, role, actor }, { id }) => {
  const { invitation, token } = await orgInvitations(getDb(), organizationId, actor).resend(id, role);
  const delivery = await deliverInvitation({ invitation, token, inviterName: invitation.invitedBy.name || invitation.invitedBy.email });
  return Response.json({ invitation, ...delivery });
});
