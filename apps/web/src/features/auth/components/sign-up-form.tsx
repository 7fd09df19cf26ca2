"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { signUp } from "../actions.ts";
import { NewAccountFields } from "./new-account-fields.tsx";

export function SignUpForm() {
  const [state, formAction, pending] = useActionState(signUp, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <NewAccountFields state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
    </form>
  );
}
