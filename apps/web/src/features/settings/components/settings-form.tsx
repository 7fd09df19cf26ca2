"use client";

import { useActionState, useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { SelectField, TextAreaField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { REDIRECT_STATUS_LABELS } from "@/lib/redirect-status-labels.ts";
import { saveInstanceSettings } from "../actions.ts";
import type { TSettingsFormValues } from "../settings-form-data.ts";

const DEFAULT_SITES = [
  { value: "not-found", title: "Show a 404 page", description: "Says that no site is configured for that name." },
  { value: "close", title: "Close the connection", description: "Answers nothing, which tells scanners the least." },
  { value: "redirect", title: "Redirect", description: "Sends visitors to an address you choose." },
] as const;

/** The instance owner's settings: what unknown host names get, and whose X-Forwarded-* to believe. */
export function SettingsForm({ initial }: { initial: TSettingsFormValues }) {
  const [state, formAction, pending] = useActionState(saveInstanceSettings, INITIAL_FORM_STATE);
  const [siteType, setSiteType] = useState(initial.defaultSiteType);

  return (
    <ActionForm action={formAction} className="space-y-8">
      <FormAlert state={state} />
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-zinc-800">Requests for unknown host names</legend>
        <p className="-mt-1 text-xs text-zinc-500">What the proxies do when no host claims the name a request asks for.</p>
        <div className="grid gap-3 sm:grid-cols-3">
          {DEFAULT_SITES.map((site) => {
            const selected = siteType === site.value;
            return (
              <label
                key={site.value}
                className={`flex cursor-pointer items-start gap-3 rounded-lg p-3 ring-inset has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 ${
                  selected ? "bg-indigo-50/60 ring-2 ring-indigo-600" : "ring-1 ring-zinc-300 hover:bg-zinc-50"
                }`}
              >
                <input
                  type="radio"
                  name="defaultSite.type"
                  value={site.value}
                  checked={selected}
                  onChange={() => setSiteType(site.value)}
                  className="mt-0.5 size-4 accent-indigo-600 focus-visible:outline-none"
                />
                <span>
                  <span className="block text-sm font-medium text-zinc-900">{site.title}</span>
                  <span className="block text-xs text-zinc-500">{site.description}</span>
                </span>
              </label>
            );
          })}
        </div>
        <fieldset disabled={siteType !== "redirect"} hidden={siteType !== "redirect"} className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <legend className="sr-only">Redirect for unknown host names</legend>
          <TextField
            label="Redirect to"
            name="defaultSite.to"
            type="url"
            spellCheck={false}
            autoCapitalize="none"
            placeholder="https://www.example.com"
            defaultValue={initial.redirectTo}
            error={fieldError(state, "defaultSite.to")}
          />
          <SelectField label="Status" name="defaultSite.status" defaultValue={initial.redirectStatus} error={fieldError(state, "defaultSite.status")}>
            {Object.entries(REDIRECT_STATUS_LABELS).map(([status, label]) => (
              <option key={status} value={status}>
                {label}
              </option>
            ))}
          </SelectField>
        </fieldset>
      </fieldset>

      <TextAreaField
        label="Trusted proxies"
        name="trustedProxies"
        rows={4}
        spellCheck={false}
        autoCapitalize="none"
        placeholder={"10.0.0.0/8\nfd00::/8"}
        hint="One IP address or CIDR range per line: the load balancers or CDNs in front of Gatehouse. Only their X-Forwarded-* headers are believed; everyone else's are replaced."
        defaultValue={initial.trustedProxies}
        error={fieldError(state, "trustedProxies")}
      />

      <FormFooter submitLabel={"Save"} pending={pending} state={state} />
    </ActionForm>
  );
}
