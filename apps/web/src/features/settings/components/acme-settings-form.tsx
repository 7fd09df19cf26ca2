"use client";

import { ACME_DIRECTORY_PRESETS } from "@gatehouse/shared";
import { useActionState, useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { SelectField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { saveAcmeSettings } from "../actions.ts";
import type { TAcmeDirectoryChoice, TAcmeFormValues } from "../acme-form-data.ts";

const DIRECTORIES: { value: TAcmeDirectoryChoice; label: string }[] = [
  { value: "letsencrypt-production", label: "Let's Encrypt" },
  { value: "letsencrypt-staging", label: "Let's Encrypt staging (for trying things out; browsers do not trust it)" },
  { value: "custom", label: "Another CA (step-ca, ZeroSSL, …): enter its directory URL" },
];

/** The ACME account every automatic certificate of this instance is ordered with. */
export function AcmeSettingsForm({ initial }: { initial: TAcmeFormValues }) {
  const [state, formAction, pending] = useActionState(saveAcmeSettings, INITIAL_FORM_STATE);
  const [directory, setDirectory] = useState(initial.directory);
  return (
    <ActionForm action={formAction} className="space-y-6">
      <FormAlert state={state} />
      <div className="sm:w-2/3">
        <TextField
          label="Account email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={initial.email}
          hint="The CA writes here about expiring certificates and account problems."
          error={fieldError(state, "email")}
        />
      </div>
      <SelectField
        label="Certificate authority"
        name="directory"
        value={directory}
        onChange={(event) => setDirectory(event.currentTarget.value as TAcmeDirectoryChoice)}
        hint={directory === "custom" ? undefined : ACME_DIRECTORY_PRESETS[directory]}
      >
        {DIRECTORIES.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </SelectField>
      <fieldset disabled={directory !== "custom"} hidden={directory !== "custom"} className="min-w-0">
        <legend className="sr-only">Custom ACME directory</legend>
        <TextField
          label="Directory URL"
          name="directoryUrl"
          type="url"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="https://ca.example.com/acme/acme/directory"
          defaultValue={initial.customUrl}
          hint="The CA's ACME directory (https://). Changing it registers a new account on the next order."
          error={fieldError(state, "directoryUrl")}
        />
      </fieldset>
      <fieldset className="min-w-0 space-y-4">
        <legend className="text-sm font-medium text-zinc-800">External Account Binding</legend>
        <p className="-mt-3 text-xs text-zinc-500">Only when your CA asks for it (ZeroSSL, some step-ca setups). Leave the key ID empty otherwise.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="EAB key ID" name="eab.keyId" spellCheck={false} autoCapitalize="none" defaultValue={initial.eabKeyId} error={fieldError(state, "eab.keyId")} />
          <TextField
            label="EAB HMAC key"
            name="eab.hmacKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={initial.hasHmacKey ? "Stored (leave empty to keep it)" : ""}
            hint={initial.hasHmacKey ? "A key is stored and never shown. Type a new one to replace it." : "Stored encrypted and never shown again."}
            error={fieldError(state, "eab.hmacKey") ?? fieldError(state, "eab")}
          />
        </div>
      </fieldset>
      <FormFooter submitLabel="Save ACME account" pending={pending} state={state} />
    </ActionForm>
  );
}
