"use client";

import { Button } from "@/components/ui/button.tsx";
import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { useOrgAction } from "@/lib/use-org-action.ts";
import { renewCertificate } from "../actions.ts";

/** Orders a fresh certificate now instead of at the renewal date; the timeline above shows it happen. */
export function RenewButton({ id, disabled }: { id: string; disabled: boolean }) {
  const [state, formAction, pending] = useOrgAction(renewCertificate, INITIAL_FORM_STATE);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant="secondary" disabled={pending || disabled}>
        Renew now
      </Button>
      {!state.ok ? (
        <span role="alert" className="text-sm text-red-700">{state.message}</span>
      ) : state.message ? (
        <span role="status" className="text-sm text-emerald-700">{state.message}</span>
      ) : null}
    </form>
  );
}
