"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE, type TFormState } from "@/lib/form-state.ts";
import { postAuth } from "../auth-endpoint.ts";

type TMethod = "totp" | "recovery";

const WRONG_CODE: Record<TMethod, string> = {
  totp: "That code is not right. Enter the current 6-digit code from your authenticator app.",
  recovery: "That recovery code is not right or was already used. Check it, or use another one.",
};

async function verify(method: TMethod, formData: FormData): Promise<TFormState> {
  const code = String(formData.get("code") ?? "").replace(/\s+/g, "");
  if (!code) return { ok: false, message: "Enter the code.", fieldErrors: { code: ["Enter the code."] }, values: {} };
  const result = await postAuth(method === "totp" ? "/two-factor/verify-totp" : "/two-factor/verify-backup-code", { code });
  if (result.ok) return { ok: true };
  if (result.status === 401) return { ok: false, message: WRONG_CODE[method], fieldErrors: {}, values: {} };
  // better-auth answers "invalid two factor cookie" once the 10 minutes after the password have passed.
  const expired = /cookie/i.test(result.message);
  return { ok: false, message: expired ? "This sign-in took too long. Start again with your password." : result.message, fieldErrors: {}, values: {} };
}

/**
 * The second step of signing in for users with two-factor authentication: no session exists until
 * this succeeds (better-auth holds the half-done sign-in in a short-lived cookie).
 */
export function SecondFactorForm({ onSignedIn, onRestart }: { onSignedIn: () => void; onRestart: () => void }) {
  const [method, setMethod] = useState<TMethod>("totp");
  const [state, formAction, pending] = useActionState(async (_previous: TFormState, formData: FormData) => {
    const result = await verify(method, formData);
    if (result.ok) onSignedIn();
    return result;
  }, INITIAL_FORM_STATE);

  return (
    <form action={formAction} className="space-y-5" noValidate>
      <p className="text-sm text-zinc-600">
        {method === "totp"
          ? "Enter the 6-digit code your authenticator app shows for Gatehouse."
          : "Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once."}
      </p>
      <FormAlert state={state} />
      <TextField
        key={method}
        label={method === "totp" ? "Authentication code" : "Recovery code"}
        name="code"
        autoComplete="one-time-code"
        inputMode={method === "totp" ? "numeric" : "text"}
        autoFocus
        required
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Checking…" : "Verify"}
      </Button>
      <div className="flex justify-between text-sm">
        <button type="button" className="text-indigo-700 hover:underline" onClick={() => setMethod(method === "totp" ? "recovery" : "totp")}>
          {method === "totp" ? "Use a recovery code instead" : "Use the authenticator app instead"}
        </button>
        <button type="button" className="text-zinc-500 hover:underline" onClick={onRestart}>
          Start over
        </button>
      </div>
    </form>
  );
}
