"use client";

import { useActionState } from "react";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { createOrganizationAction } from "../actions.ts";

export function NewOrganizationForm({ cancelHref }: { cancelHref: string }) {
  const [state, formAction, pending] = useActionState(createOrganizationAction, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <TextField
        label="Organization name"
        name="name"
        autoComplete="organization"
        required
        hint="A team or customer. Its address is made from the name, and you become its owner."
        defaultValue={submittedValue(state, "name")}
        error={fieldError(state, "name")}
      />
      <FormFooter submitLabel="Create organization" cancelHref={cancelHref} pending={pending} state={state} />
    </form>
  );
}
