"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { sendTestEmail } from "../instance-access-actions.ts";

/** Sends a test message to the owner with the saved settings, and shows what the SMTP server answered. */
export function TestEmailButton({ ownerEmail, disabled, fromEnvironment }: { ownerEmail: string; disabled: boolean; fromEnvironment: boolean }) {
  const [state, formAction, pending] = useActionState(sendTestEmail, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending || disabled}>
          {pending ? "Sending…" : "Send test email"}
        </Button>
        <span className="text-sm text-zinc-500">
          To {ownerEmail}, {fromEnvironment ? "through the server GATEHOUSE_SMTP_URL names" : "with the saved settings"}.
        </span>
      </div>
      {pending ? null : state.ok && state.message ? (
        <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {state.message}
        </p>
      ) : !state.ok ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
