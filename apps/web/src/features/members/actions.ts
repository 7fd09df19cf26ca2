"use server";

import { orgInvitations, orgMembers } from "@gatehouse/db";
import { ZInvitationInput, ZMemberRoleInput } from "@gatehouse/shared";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { orgAction } from "@/server/action.ts";
import { getDb } from "@/server/db.ts";
import type { TDelivery } from "./components/delivery-result.ts";
import { deliverInvitation } from "./invitation-delivery.ts";

const ZRef = z.object({ id: z.string().min(1) });
const ZMemberRoleChange = ZMemberRoleInput.extend({ id: z.string().min(1) });

// Every handler passes the acting role down: the data layer enforces the role ceiling (nobody grants
// or touches a role above their own) and keeps the last owner, whatever reached it.

export const changeMemberRoleAction = orgAction("member:write", {
  schema: ZMemberRoleChange,
  handler: async ({ id, role }, { organizationId, role: actingRole, actor }) => {
    await orgMembers(getDb(), organizationId, actor).changeRole(id, { role }, actingRole);
    refresh();
    return { ok: true, message: "Role saved." };
  },
});

export const removeMemberAction = orgAction("member:write", {
  schema: ZRef,
  handler: async ({ id }, { organizationId, role: actingRole, actor }) => {
    await orgMembers(getDb(), organizationId, actor).remove(id, actingRole);
    refresh();
  },
});

/** Any member may leave; the last owner is refused by the data layer with a message that says why. */
export const leaveOrganizationAction = orgAction("member:read", {
  schema: z.object({}),
  handler: async (_input, { organizationId, userId, actor }) => {
    await orgMembers(getDb(), organizationId, actor).leave(userId);
    redirect("/");
  },
});

function deliveryState(message: string, delivery: TDelivery) {
  // A variable, not a literal: TFormState has no `delivery`; the form reads it with deliveryOf.
  const state = { ok: true as const, message, delivery };
  return state;
}

export const inviteMemberAction = orgAction("member:write", {
  schema: ZInvitationInput,
  handler: async (input, { organizationId, role: actingRole, actor }) => {
    const { invitation, token } = await orgInvitations(getDb(), organizationId, actor).invite(input, actingRole);
    const sent = await deliverInvitation({ invitation, token, inviterName: actor.label });
    refresh();
    return deliveryState(`Invited ${input.email}.`, { ...sent, email: input.email });
  },
});

/** A new link (the old one stops working) and, when mail is set up, a new email. */
export const resendInvitationAction = orgAction("member:write", {
  schema: ZRef,
  handler: async ({ id }, { organizationId, role: actingRole, actor }) => {
    const { invitation, token } = await orgInvitations(getDb(), organizationId, actor).resend(id, actingRole);
    const sent = await deliverInvitation({ invitation, token, inviterName: actor.label });
    refresh();
    return deliveryState(`New link for ${invitation.email}.`, { ...sent, email: invitation.email });
  },
});

export const revokeInvitationAction = orgAction("member:write", {
  schema: ZRef,
  handler: async ({ id }, { organizationId, role: actingRole, actor }) => {
    await orgInvitations(getDb(), organizationId, actor).revoke(id, actingRole);
    refresh();
  },
});
