"use client";

import { ZSignInInput, zodFieldErrors } from "@gatehouse/shared";
import { useRouter } from "next/navigation";
import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { fieldError, formValues, INITIAL_FORM_STATE, submittedValue, type TFormState } from "@/lib/form-state.ts";

/**
 * Signs in through better-auth's HTTP endpoint rather than a server action, because only requests
 * through its router pass its rate limiter (password guessing).
 */
async function signIn(formData: FormData): Promise<TFormState> {
  const values = formValues(formData);
  const parsed = ZSignInInput.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    return { ok: false, message: "Enter your email and password.", fieldErrors: zodFieldErrors(parsed.error), values };
  }
  let response: Response;
  try {
    response = await fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(parsed.data),
    });
  } catch {
    return { ok: false, message: "Gatehouse could not be reached. Check your connection and try again.", fieldErrors: {}, values };
  }
  if (response.ok) return { ok: true };
  const message =
    response.status === 401
      ? "That email and password do not match an account."
      : response.status === 429
        ? `Too many sign-in attempts. Wait ${response.headers.get("X-Retry-After") ?? "a few"} seconds and try again.`
        : (((await response.json().catch(() => null)) as { message?: string } | null)?.message ?? "Signing in failed. Try again.");
  return { ok: false, message, fieldErrors: {}, values };
}

export function SignInForm() {
  const router = useRouter();
  const [state, formAction, pending] = useActionState(async (_previous: TFormState, formData: FormData) => {
    const result = await signIn(formData);
    if (result.ok) {
      router.replace("/hosts");
      router.refresh();
    }
    return result;
  }, INITIAL_FORM_STATE);

  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={submittedValue(state, "email")}
        error={fieldError(state, "email")}
      />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={fieldError(state, "password")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
