"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { revokeOtherSessions, revokeSession } from "../actions.ts";

export function RevokeSessionButton({ sessionId }: { sessionId: string }) {
  const [state, formAction, pending] = useActionState(revokeSession, INITIAL_FORM_STATE);
  return (
    <form action={formAction}>
      <input type="hidden" name="sessionId" value={sessionId} />
      <Button type="submit" variant="danger-secondary" disabled={pending}>
        Revoke
      </Button>
      {state.ok ? null : <p className="mt-1 text-xs text-red-700">{state.message}</p>}
    </form>
  );
}

export function RevokeOtherSessionsButton() {
  const [state, formAction, pending] = useActionState(revokeOtherSessions, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="flex items-center gap-3">
      <Button type="submit" variant="secondary" disabled={pending}>
        Sign out all other sessions
      </Button>
      {state.message ? <span role="status" className={state.ok ? "text-sm text-emerald-700" : "text-sm text-red-700"}>{state.message}</span> : null}
    </form>
  );
}
