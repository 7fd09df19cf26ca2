"use client";

import { OrgConfirmButton } from "@/components/org-confirm-button.tsx";
import { Badge, type TBadgeTone } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { useOrgAction } from "@/lib/use-org-action.ts";
import { resendInvitationAction, revokeInvitationAction } from "../actions.ts";
import { deliveryOf } from "./delivery-result.ts";
import { InvitationLinkNotice } from "./invitation-link-notice.tsx";
import { roleLabel } from "./role-labels.ts";

export type TInvitationStatus = "pending" | "expired" | "accepted" | "revoked";

export type TInvitationRow = {
  id: string;
  email: string;
  role: string;
  status: TInvitationStatus;
  /** "in 6 days", worked out on the server (one clock for every viewer); null once accepted or revoked. */
  expires: string | null;
  invitedBy: string;
  /** Resend and Revoke: the invitation's role is within the viewer's (an admin leaves an owner's invitation alone). */
  manageable: boolean;
};

const STATUS: Record<TInvitationStatus, { tone: TBadgeTone; label: string }> = {
  pending: { tone: "amber", label: "Pending" },
  expired: { tone: "grey", label: "Expired" },
  accepted: { tone: "green", label: "Accepted" },
  revoked: { tone: "red", label: "Revoked" },
};

export const INVITATION_COLUMNS = 6;

/**
 * One invitation. Resend makes a new link (the previous one stops working), emails it when mail is
 * set up, and shows it once in a row of its own under the invitation.
 */
export function InvitationRowView({ invitation }: { invitation: TInvitationRow }) {
  const [state, resend, pending] = useOrgAction(resendInvitationAction, INITIAL_FORM_STATE);
  const delivery = deliveryOf(state);
  const open = invitation.manageable && (invitation.status === "pending" || invitation.status === "expired");
  return (
    <>
      <tr className="align-top">
        <td className="px-4 py-3 font-medium text-zinc-900">{invitation.email}</td>
        <td className="px-4 py-3 text-zinc-700">{roleLabel(invitation.role)}</td>
        <td className="px-4 py-3">
          <Badge tone={STATUS[invitation.status].tone}>{STATUS[invitation.status].label}</Badge>
        </td>
        <td className="whitespace-nowrap px-4 py-3 text-zinc-700">{invitation.expires ?? "—"}</td>
        <td className="px-4 py-3 text-zinc-700">{invitation.invitedBy}</td>
        <td className="px-4 py-3">
          {open ? (
            <div className="flex flex-wrap items-start justify-end gap-2">
              <form action={resend}>
                <input type="hidden" name="id" value={invitation.id} />
                <Button type="submit" variant="secondary" disabled={pending}>
                  {pending ? "Resending…" : "Resend"}
                  <span className="sr-only"> invitation to {invitation.email}</span>
                </Button>
              </form>
              <OrgConfirmButton action={revokeInvitationAction} id={invitation.id} verb="Revoke" target={`invitation to ${invitation.email}`} inline>
                Revoke the invitation to {invitation.email}? Its link stops working at once.
              </OrgConfirmButton>
            </div>
          ) : null}
        </td>
      </tr>
      {delivery || !state.ok ? (
        <tr data-invitation={invitation.email}>
          <td colSpan={INVITATION_COLUMNS} className="border-t-0 px-4 pb-4 pt-0">
            <FormAlert state={state} />
            {delivery ? <InvitationLinkNotice delivery={delivery} /> : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}
