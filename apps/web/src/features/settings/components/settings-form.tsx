"use client";

import { useActionState, useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { SelectField, TextAreaField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { RadioCards } from "@/components/ui/radio-cards.tsx";
import { fieldError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { REDIRECT_STATUS_LABELS } from "@/lib/redirect-status-labels.ts";
import { saveInstanceSettings } from "../actions.ts";
import type { TSettingsFormValues } from "../settings-form-data.ts";

const DEFAULT_SITES = [
  { value: "not-found", title: "Show a 404 page", description: "Says that no site is configured for that name." },
  { value: "close", title: "Close the connection", description: "Answers nothing, which tells scanners the least." },
  { value: "redirect", title: "Redirect", description: "Sends visitors to an address you choose." },
] as const;

const UNKNOWN_SNI = [
  {
    value: "default-certificate",
    title: "Serve a self-signed certificate",
    description: "The handshake completes (browsers warn), so the unknown-name answer above can be shown.",
  },
  { value: "refuse", title: "Refuse the handshake", description: "Reveals nothing, not even that a proxy is here." },
] as const;

/** The instance owner's proxy settings: what unknown host names get, and whose X-Forwarded-* to believe. */
export function SettingsForm({ initial }: { initial: TSettingsFormValues }) {
  const [state, formAction, pending] = useActionState(saveInstanceSettings, INITIAL_FORM_STATE);
  const [siteType, setSiteType] = useState(initial.defaultSiteType);
  const [unknownSni, setUnknownSni] = useState(initial.unknownSni);

  return (
    <ActionForm action={formAction} className="space-y-8">
      <FormAlert state={state} />
      <div className="space-y-3">
        <RadioCards
          name="defaultSite.type"
          legend="Requests for unknown host names"
          description="What the proxies do when no host claims the name a request asks for."
          options={DEFAULT_SITES}
          value={siteType}
          onChange={setSiteType}
          columns="sm:grid-cols-3"
        />
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
      </div>

      <RadioCards
        name="unknownSni"
        legend="HTTPS for unknown host names"
        description="What the HTTPS listener does when a client asks (by SNI) for a name no host has a certificate for. Clients that name no host at all (https://<IP address>) always get a refused handshake."
        options={UNKNOWN_SNI}
        value={unknownSni}
        onChange={setUnknownSni}
        columns="sm:grid-cols-2"
        error={fieldError(state, "unknownSni")}
      />

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
