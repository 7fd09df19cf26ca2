"use client";

import { useActionState, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE, type TFormState } from "@/lib/form-state.ts";

type TDeleteAction = (previous: TFormState, formData: FormData) => Promise<TFormState>;

/**
 * Delete with a second, explicit confirmation. A refusal from the server (an upstream still in use)
 * shows above the buttons.
 */
export function ConfirmDeleteButton({ action, id, children }: { action: TDeleteAction; id: string; children: ReactNode }) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);

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
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-red-900">{children}</p>
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
