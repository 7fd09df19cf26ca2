"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { fieldError, INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { signUp } from "../actions.ts";

export function SignUpForm() {
  const [state, formAction, pending] = useActionState(signUp, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <TextField label="Name" name="name" autoComplete="name" required defaultValue={submittedValue(state, "name")} error={fieldError(state, "name")} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={submittedValue(state, "email")}
        error={fieldError(state, "email")}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        hint="At least 12 characters. A passphrase of a few words works well."
        error={fieldError(state, "password")}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
