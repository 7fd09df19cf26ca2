"use client";

import { INVITATION_DEFAULT_DAYS, type TRole } from "@gatehouse/shared";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { SelectField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { useOrgAction } from "@/lib/use-org-action.ts";
import { inviteMemberAction } from "../actions.ts";
import { deliveryOf } from "./delivery-result.ts";
import { InvitationLinkNotice } from "./invitation-link-notice.tsx";
import { ROLE_LABELS } from "./role-labels.ts";

/** Invites someone by email with a role up to the inviter's own, for a number of days. */
export function InviteForm({ roles }: { roles: TRole[] }) {
  const [state, formAction, pending] = useOrgAction(inviteMemberAction, INITIAL_FORM_STATE);
  const delivery = deliveryOf(state);
  return (
    <ActionForm action={formAction} className="space-y-5">
      <FormAlert state={state} />
      {delivery ? <InvitationLinkNotice delivery={delivery} /> : null}
      {/* A new key once an invitation is made: the fields start empty for the next one. */}
      <div key={delivery?.link ?? "draft"} className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
        <TextField label="Email" name="email" type="email" autoComplete="off" placeholder="teammate@example.com" defaultValue={submittedValue(state, "email")} error={fieldError(state, "email")} />
        <SelectField label="Role" name="role" defaultValue={submittedValue(state, "role", roles.at(-1))} error={fieldError(state, "role")} hint="At most your own role.">
          {roles.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Valid for (days)"
          name="expiresInDays"
          type="number"
          min={1}
          max={30}
          defaultValue={submittedValue(state, "expiresInDays", String(INVITATION_DEFAULT_DAYS))}
          error={fieldError(state, "expiresInDays")}
        />
      </div>
      <FormFooter submitLabel="Send invitation" pending={pending} state={delivery ? INITIAL_FORM_STATE : state} />
    </ActionForm>
  );
}
