"use client";

import { ZPasswordResetRequestInput, zodFieldErrors } from "@gatehouse/shared";
import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { fieldError, formValues, INITIAL_FORM_STATE, submittedValue, type TFormState } from "@/lib/form-state.ts";
import { postAuth } from "../auth-endpoint.ts";

type TRequestState = TFormState & { sentTo?: string };

// Through better-auth's HTTP endpoint (not a server action) so its rate limiter applies: 3 requests
// a minute per client address.
async function requestReset(formData: FormData): Promise<TRequestState> {
  const values = formValues(formData);
  const parsed = ZPasswordResetRequestInput.safeParse({ email: formData.get("email") });
  if (!parsed.success) return { ok: false, message: "Enter the email address of your account.", fieldErrors: zodFieldErrors(parsed.error), values };
  const result = await postAuth("/request-password-reset", { email: parsed.data.email });
  if (!result.ok) return { ok: false, message: result.message, fieldErrors: {}, values };
  return { ok: true, sentTo: parsed.data.email };
}

/** Asks for a reset link. The answer is the same whether an account exists or not. */
export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState<TRequestState, FormData>((_previous, formData) => requestReset(formData), INITIAL_FORM_STATE);
  if (state.ok && state.sentTo) {
    return (
      <div role="status" className="space-y-3 text-sm text-zinc-700">
        <p>
          If an account exists for <span className="font-medium text-zinc-900">{state.sentTo}</span>, we sent it an email with a link to choose a new
          password. The link works for one hour.
        </p>
        <p className="text-zinc-500">Nothing arrived after a few minutes? Check the spam folder, or ask again.</p>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        autoFocus
        defaultValue={submittedValue(state, "email")}
        error={fieldError(state, "email")}
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Sending…" : "Email me a reset link"}
      </Button>
    </form>
  );
}
