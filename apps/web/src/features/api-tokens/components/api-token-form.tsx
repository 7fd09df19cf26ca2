"use client";

import type { TRole } from "@gatehouse/shared";
import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { Button } from "@/components/ui/button.tsx";
import { SelectField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE, submittedValue } from "@/lib/form-state.ts";
import { useOrgAction } from "@/lib/use-org-action.ts";
import { createApiTokenAction } from "../actions.ts";
import { createdToken } from "../token-form-data.ts";

/** The token just made, with a copy button: it is shown this once and cannot be read again. */
function NewToken({ token }: { token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p className="text-sm font-medium text-amber-900">Copy this token now. Gatehouse keeps only its hash: it will not be shown again.</p>
      <div className="flex flex-wrap items-center gap-3">
        <code className="min-w-0 flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-zinc-900 ring-1 ring-amber-200">{token}</code>
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(token);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-amber-900">Send it as <code className="font-mono">Authorization: Bearer {"<token>"}</code> to /api/v1.</p>
    </div>
  );
}

/** Makes a token with a role up to the viewer's own and an optional expiry date. */
export function ApiTokenForm({ roles }: { roles: TRole[] }) {
  const [state, formAction, pending] = useOrgAction(createApiTokenAction, INITIAL_FORM_STATE);
  const token = createdToken(state);
  return (
    <ActionForm action={formAction} className="space-y-5">
      <FormAlert state={state} />
      {token ? <NewToken token={token} /> : null}
      {/* A new key once a token is made: the fields start empty for the next one. */}
      <div key={token ?? "draft"} className="grid gap-4 sm:grid-cols-3">
        <TextField label="Name" name="name" placeholder="ci-deploy" defaultValue={submittedValue(state, "name")} error={fieldError(state, "name")} autoComplete="off" />
        <SelectField label="Role" name="role" defaultValue={submittedValue(state, "role", roles.at(-1))} error={fieldError(state, "role")} hint="At most your own role.">
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </SelectField>
        <TextField label="Expires on" name="expiresAt" type="date" defaultValue={submittedValue(state, "expiresAt")} error={fieldError(state, "expiresAt")} hint="Leave empty for a token that never expires." />
      </div>
      <FormFooter submitLabel="Create token" pending={pending} state={token ? INITIAL_FORM_STATE : state} />
    </ActionForm>
  );
}
