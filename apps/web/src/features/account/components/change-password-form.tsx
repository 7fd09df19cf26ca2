"use client";

import { useActionState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { changePassword } from "../actions.ts";

export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState(changePassword, INITIAL_FORM_STATE);
  return (
    <ActionForm action={formAction} className="max-w-sm space-y-4">
      <FormAlert state={state} />
      <TextField label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={fieldError(state, "currentPassword")} />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        required
        error={fieldError(state, "newPassword")}
      />
      <TextField label="Repeat new password" name="confirmPassword" type="password" autoComplete="new-password" required error={fieldError(state, "confirmPassword")} />
      <FormFooter submitLabel="Change password" pending={pending} state={state} />
    </ActionForm>
  );
}
