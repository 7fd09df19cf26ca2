"use client";

import { useActionState, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { INITIAL_FORM_STATE, type TFormState } from "@/lib/form-state.ts";

type TIdAction = (previous: TFormState, formData: FormData) => Promise<TFormState>;

type TConfirmActionButtonProps = {
  action: TIdAction;
  id: string;
  /** What the button does ("Delete", "Revoke"); the confirmation button says "Confirm <verb>". */
  verb?: string;
  /** Names the object for screen readers when several such buttons share a page (a table row each). */
  target?: string;
  /** Inside a table row: no boxed panel around the confirmation. */
  inline?: boolean;
  /** The question shown with the confirmation. */
  children: ReactNode;
};

/**
 * A destructive action with a second, explicit confirmation. A refusal from the server (an upstream
 * still in use) shows above the buttons.
 */
export function ConfirmActionButton({ action, id, verb = "Delete", target, inline = false, children }: TConfirmActionButtonProps) {
  const [confirming, setConfirming] = useState(false);
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);

  if (!confirming) {
    return (
      <Button variant="danger-secondary" onClick={() => setConfirming(true)}>
        {verb}
        {target ? <span className="sr-only"> {target}</span> : null}
      </Button>
    );
  }
  return (
    <form action={formAction} className={inline ? "space-y-2 text-left" : "space-y-3 rounded-lg border border-red-200 bg-red-50 p-4"}>
      <FormAlert state={state} />
      <input type="hidden" name="id" value={id} />
      <p className="text-sm text-red-900">{children}</p>
      <div className={inline ? "flex gap-2" : "flex gap-3"}>
        <Button type="submit" variant="danger" disabled={pending}>
          Confirm {verb.toLowerCase()}
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)} autoFocus>
          Cancel
        </Button>
      </div>
    </form>
  );
}
