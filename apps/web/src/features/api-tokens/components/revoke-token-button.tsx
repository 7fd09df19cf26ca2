"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { revokeApiTokenAction } from "../actions.ts";

/** Revoke after an explicit second confirmation: whatever uses the token is refused from then on. */
export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(revokeApiTokenAction, INITIAL_FORM_STATE);

  if (!confirming) {
    return (
      <Button variant="danger-secondary" onClick={() => setConfirming(true)}>
        Revoke<span className="sr-only"> {name}</span>
      </Button>
    );
  }
  return (
    <form action={formAction} className="space-y-2 text-left">
      <FormAlert state={state} />
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-red-900">Revoke {name}? Requests with it are refused at once.</p>
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Confirm revoke
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </Button>
      </div>
    </form>
  );
}
