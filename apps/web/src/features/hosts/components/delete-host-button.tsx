"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { deleteHost } from "../actions.ts";

/** Delete with a second, explicit confirmation; proxies stop serving the domains right after. */
export function DeleteHostButton({ hostId, hostName }: { hostId: string; hostName: string }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(deleteHost, INITIAL_FORM_STATE);

  if (!confirming) {
    return (
      <Button variant="danger-secondary" onClick={() => setConfirming(true)}>
        Delete
      </Button>
    );
  }
  return (
    <form action={formAction} className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4">
      <FormAlert state={state} />
      <input type="hidden" name="id" value={hostId} />
      <p className="text-sm text-red-900">
        Delete <strong className="font-semibold">{hostName}</strong>? Proxies stop serving its domains within a second. This cannot be undone.
      </p>
      <div className="flex gap-3">
        <Button type="submit" variant="danger" disabled={pending}>
          Confirm delete
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </Button>
      </div>
    </form>
  );
}
