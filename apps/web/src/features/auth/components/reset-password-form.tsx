"use client";

import { ZPasswordResetInput, zodFieldErrors } from "@gatehouse/shared";
import Link from "next/link";
import { useActionState } from "react";
import { Button, buttonClasses } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { fieldError, INITIAL_FORM_STATE, type TFormState } from "@/lib/form-state.ts";
import { postAuth } from "../auth-endpoint.ts";

type TResetState = TFormState & { done?: boolean; linkDead?: boolean };

const LINK_DEAD = "This reset link has expired or was already used. Ask for a new one.";

async function resetPassword(token: string, formData: FormData): Promise<TResetState> {
  const password = String(formData.get("password") ?? "");
  const parsed = ZPasswordResetInput.safeParse({ token, password });
  if (!parsed.success) {
    const fieldErrors = zodFieldErrors(parsed.error);
    return { ok: false, message: fieldErrors.token?.[0] ?? "Choose a new password.", fieldErrors, values: {} };
  }
  if (password !== formData.get("confirm")) {
    const message = "The two passwords differ. Type the same new password twice.";
    return { ok: false, message, fieldErrors: { confirm: [message] }, values: {} };
  }
  const result = await postAuth("/reset-password", { token: parsed.data.token, newPassword: parsed.data.password });
  if (result.ok) return { ok: true, done: true };
  // better-auth answers 400 INVALID_TOKEN for an unknown, used or expired token.
  if (result.status === 400 && /token/i.test(result.message)) return { ok: false, message: LINK_DEAD, fieldErrors: {}, values: {}, linkDead: true };
  return { ok: false, message: result.message, fieldErrors: {}, values: {} };
}

/** The page a reset email links to: a new password, then sign in with it (every session was ended). */
export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<TResetState, FormData>((_previous, formData) => resetPassword(token, formData), INITIAL_FORM_STATE);
  if (state.done) {
    return (
      <div role="status" className="space-y-5 text-sm text-zinc-700">
        <p>Your password is changed, and every session of your account was signed out. Sign in with the new password.</p>
        <Link href="/sign-in" className={buttonClasses("primary", "w-full")}>
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="space-y-5" noValidate>
      <FormAlert state={state} />
      {state.linkDead ? (
        <Link href="/forgot-password" className={buttonClasses("secondary", "w-full")}>
          Ask for a new link
        </Link>
      ) : null}
      <TextField
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        autoFocus
        hint="At least 12 characters. A passphrase of a few words works well."
        error={fieldError(state, "password")}
      />
      <TextField label="New password again" name="confirm" type="password" autoComplete="new-password" required error={fieldError(state, "confirm")} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
