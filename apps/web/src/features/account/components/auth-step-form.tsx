"use client";

import { useActionState } from "react";
import { Button, type TButtonVariant } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE, type TFormState } from "@/lib/form-state.ts";
import { postAuth } from "@/features/auth/auth-endpoint.ts";

type TAuthStepFormProps = {
  /** better-auth endpoint under /api/auth, called from the browser so its rate limiter applies. */
  path: string;
  field: { name: "password" | "code"; label: string };
  submitLabel: string;
  variant?: TButtonVariant;
  /** What a 400/401 from the endpoint means here (wrong password, wrong code). */
  wrongMessage: string;
  onDone: (data: unknown) => void | Promise<void>;
};

/** One password or code entry posted to a better-auth endpoint: the steps of the two-factor card. */
export function AuthStepForm({ path, field, submitLabel, variant = "primary", wrongMessage, onDone }: TAuthStepFormProps) {
  const [state, formAction, pending] = useActionState(async (_previous: TFormState, formData: FormData): Promise<TFormState> => {
    const value = String(formData.get(field.name) ?? "").trim();
    if (!value) return { ok: false, message: `Enter your ${field.label.toLowerCase()}.`, fieldErrors: {}, values: {} };
    const result = await postAuth(path, { [field.name]: value });
    if (result.ok) {
      await onDone(result.data);
      return { ok: true };
    }
    const message = result.status === 400 || result.status === 401 ? wrongMessage : result.message;
    return { ok: false, message, fieldErrors: {}, values: {} };
  }, INITIAL_FORM_STATE);

  return (
    <form action={formAction} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <div className="max-w-sm">
        <TextField
          id={`${path}-${field.name}`}
          label={field.label}
          name={field.name}
          type={field.name === "password" ? "password" : "text"}
          autoComplete={field.name === "password" ? "current-password" : "one-time-code"}
          inputMode={field.name === "code" ? "numeric" : undefined}
          required
        />
      </div>
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? "Checking…" : submitLabel}
      </Button>
    </form>
  );
}
