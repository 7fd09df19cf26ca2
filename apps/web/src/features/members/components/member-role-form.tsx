"use client";

import type { TRole } from "@gatehouse/shared";
import { Button } from "@/components/ui/button.tsx";
import { INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { useOrgAction } from "@/lib/use-org-action.ts";
import { changeMemberRoleAction } from "../actions.ts";
import { ROLE_LABELS } from "./role-labels.ts";

/**
 * A member's role as a select with its own Save. The server's refusal (the last owner, a role above
 * the actor's) shows under it.
 */
export function MemberRoleForm({ memberId, memberName, role, roles }: { memberId: string; memberName: string; role: string; roles: TRole[] }) {
  const [state, formAction, pending] = useOrgAction(changeMemberRoleAction, INITIAL_FORM_STATE);
  const selectId = `role-${memberId}`;
  return (
    <form action={formAction} className="space-y-1.5">
      <input type="hidden" name="id" value={memberId} />
      <div className="flex items-center gap-2">
        <label htmlFor={selectId} className="sr-only">
          Role of {memberName}
        </label>
        <select
          id={selectId}
          name="role"
          defaultValue={submittedValue(state, "role", role)}
          aria-invalid={state.ok ? undefined : true}
          className="block rounded-lg border-0 bg-white py-1.5 pl-3 pr-8 text-sm text-zinc-900 shadow-sm ring-1 ring-inset ring-zinc-300 focus:outline-none focus:ring-2 focus:ring-inset focus:ring-indigo-600"
        >
          {roles.map((each) => (
            <option key={each} value={each}>
              {ROLE_LABELS[each]}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" disabled={pending}>
          Save<span className="sr-only"> role of {memberName}</span>
        </Button>
      </div>
      {!state.ok ? (
        <p role="alert" className="max-w-xs text-sm text-red-700">
          {state.message}
        </p>
      ) : state.message && !pending ? (
        <p role="status" className="text-sm text-emerald-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
