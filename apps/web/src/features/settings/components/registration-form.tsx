"use client";

import { useActionState, useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { RadioCards, type TRadioCardOption } from "@/components/ui/radio-cards.tsx";
import { fieldError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { saveRegistration } from "../instance-access-actions.ts";

type TRegistration = "invite-only" | "open";

const OPTIONS: readonly TRadioCardOption<TRegistration>[] = [
  {
    value: "invite-only",
    title: "By invitation only",
    description: "Only people an organization owner or admin invites can create an account, with the invitation's email address.",
  },
  {
    value: "open",
    title: "Open registration",
    description: "Anyone who reaches this Gatehouse can create an account from the sign-in page, and gets an empty organization of their own.",
  },
];

export function RegistrationForm({ initial }: { initial: TRegistration }) {
  const [state, formAction, pending] = useActionState(saveRegistration, INITIAL_FORM_STATE);
  const [registration, setRegistration] = useState(initial);
  return (
    <ActionForm action={formAction} className="space-y-6">
      <FormAlert state={state} />
      <RadioCards
        name="registration"
        legend="Who can create an account"
        options={OPTIONS}
        value={registration}
        onChange={setRegistration}
        columns="sm:grid-cols-2"
        error={fieldError(state, "registration")}
      />
      <FormFooter submitLabel="Save registration" pending={pending} state={state} />
    </ActionForm>
  );
}
