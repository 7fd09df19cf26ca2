"use client";

import { ZSignInInput, zodFieldErrors } from "@gatehouse/shared";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { fieldError, formValues, INITIAL_FORM_STATE, submittedValue, type TFormState } from "@/lib/form-state.ts";
import { postAuth } from "../auth-endpoint.ts";
import { SecondFactorForm } from "./second-factor-form.tsx";

type TSignInResult = TFormState & { secondFactor?: boolean };

async function signIn(formData: FormData): Promise<TSignInResult> {
  const values = formValues(formData);
  const parsed = ZSignInInput.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    return { ok: false, message: "Enter your email and password.", fieldErrors: zodFieldErrors(parsed.error), values };
  }
  const result = await postAuth("/sign-in/email", parsed.data);
  if (result.ok) return { ok: true, secondFactor: (result.data as { twoFactorRedirect?: unknown } | null)?.twoFactorRedirect === true };
  const message = result.status === 401 ? "That email and password do not match an account." : result.message;
  return { ok: false, message, fieldErrors: {}, values };
}

/** `next`: a same-site path to return to (already checked by safeNextPath on the page). */
export function SignInForm({ next = null }: { next?: string | null }) {
  const router = useRouter();
  const [secondFactor, setSecondFactor] = useState(false);
  const enterApp = () => {
    // "/" goes on to the active organization's hosts (or says the user is in none).
    router.replace(next ?? "/");
    router.refresh();
  };
  const [state, formAction, pending] = useActionState(async (_previous: TFormState, formData: FormData) => {
    const result = await signIn(formData);
    if (result.secondFactor) setSecondFactor(true);
    else if (result.ok) enterApp();
    return result;
  }, INITIAL_FORM_STATE);

  if (secondFactor) return <SecondFactorForm onSignedIn={enterApp} onRestart={() => setSecondFactor(false)} />;
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
      <div className="space-y-1.5">
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required error={fieldError(state, "password")} />
        <p className="text-right text-sm">
          <Link href="/forgot-password" className="text-indigo-700 hover:underline">
            Forgot your password?
          </Link>
        </p>
      </div>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
