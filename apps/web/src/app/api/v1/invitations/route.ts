import { orgInvitations } from "@gatehouse/db";
import { ZInvitationInput } from "@gatehouse/shared";
import { deliverInvitation } from "@/features/members/invitation-delivery.ts";
import { orgApiRoute, readApiBody } from "@/server/api-route.ts";
import { getDb } from "@/server/db.ts";

// Listing needs member:write, not member:read: pending invitations reveal email addresses of people
// who are not members, which the GUI shows only to owners and admins.

/** GET: the organization's invitations, newest first, with their status. */
export const GET = orgApiRoute("member:write", async (_request, { organizationId }) => Response.json(await orgInvitations(getDb(), organizationId).list()));

/**
 * POST: invites `email` with `role` (at most the caller's own). Answers 201 with the invitation, its
 * link (only this once: the database keeps a hash) and whether it was emailed.
 */
export const POST = orgApiRoute("member:write", async (request, { organizationId, role, actor }) => {
  const input = await readApiBody(request, ZInvitationInput);
  const { invitation, token } = await orgInvitations(getDb(), organizationId, actor).invite(input, role);
  const delivery = await deliverInvitation({ invitation, token, inviterName: invitation.invitedBy.name || invitation.invitedBy.email });
  return Response.json({ invitation, ...delivery }, { status: 201 });
});
