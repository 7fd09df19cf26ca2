"use client";

import { INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { useOrgAction } from "@/lib/use-org-action.ts";
import { setHostEnabled } from "../actions.ts";

/** The on/off switch of a host row; read-only for roles that cannot change hosts. */
export function HostEnabledSwitch({ hostId, hostName, enabled, canWrite }: { hostId: string; hostName: string; enabled: boolean; canWrite: boolean }) {
  const [state, formAction, pending] = useOrgAction(setHostEnabled, INITIAL_FORM_STATE);
  // While the change is in flight, show where it is going.
  const shown = pending ? !enabled : enabled;
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="id" value={hostId} />
      <input type="hidden" name="enabled" value={String(!enabled)} />
      <button
        type="submit"
        role="switch"
        aria-checked={shown}
        aria-label={`Serve ${hostName}`}
        disabled={!canWrite || pending}
        className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full outline-indigo-600 transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed ${
          shown ? "bg-indigo-600" : "bg-zinc-300"
        } ${!canWrite ? "opacity-50" : ""}`}
      >
        <span aria-hidden="true" className={`inline-block size-4 rounded-full bg-white shadow transition-transform ${shown ? "translate-x-4.5" : "translate-x-0.5"}`} />
      </button>
      {!state.ok ? (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
