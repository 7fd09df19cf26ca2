"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { fieldError, INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { NewAccountFields } from "@/features/auth/components/new-account-fields.tsx";
import { setupOwner } from "../actions.ts";

export function SetupForm() {
  const [state, formAction, pending] = useActionState(setupOwner, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <NewAccountFields state={state} />
      <TextField
        label="Organization name"
        name="organizationName"
        autoComplete="organization"
        required
        hint="Your team or company. You can invite others to it later."
        defaultValue={submittedValue(state, "organizationName")}
        error={fieldError(state, "organizationName")}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create owner account"}
      </Button>
    </form>
  );
}
