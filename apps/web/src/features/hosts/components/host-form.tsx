"use client";

import { splitDomains } from "@gatehouse/shared";
import { useState } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { CheckboxField, TextAreaField } from "@/components/ui/fields.tsx";
import { Button } from "@/components/ui/button.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, groupError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { orgPath } from "@/lib/org-path.ts";
import { useOrgAction, useOrgSlug } from "@/lib/use-org-action.ts";
import { useRows } from "@/lib/use-rows.ts";
import { createHost, updateHost } from "../actions.ts";
import type { TAcmeReadiness } from "@/features/certificates/acme-readiness.ts";
import { blankLocation, type TCertificateChoice, type THostFormValues, type TUpstreamChoice } from "../host-form-values.ts";
import { HostAdvancedFields } from "./host-advanced-fields.tsx";
import { HostHttpsFields } from "./host-https-fields.tsx";
import { HostTypeChoice } from "./host-type-choice.tsx";
import { LocationFields } from "./location-fields.tsx";
import { RedirectFields } from "./redirect-fields.tsx";

/**
 * Adds a host, or edits one. The quick case stays one field: domains, then the "/" location's backend
 * URL. Paths, pools, fixed responses and options are there when needed.
 */
type THostFormProps = { initial: THostFormValues; upstreams: TUpstreamChoice[]; certificates: TCertificateChoice[]; acme: TAcmeReadiness };

export function HostForm({ initial, upstreams, certificates, acme }: THostFormProps) {
  const [state, formAction, pending] = useOrgAction(initial.id ? updateHost : createHost, INITIAL_FORM_STATE);
  const organizationSlug = useOrgSlug();
  const [type, setType] = useState(initial.type);
  // The certificate choice offers what covers the domains as typed.
  const [domains, setDomains] = useState(initial.domains);
  const locations = useRows(initial.locations, () => blankLocation(""));
  const locationsError = groupError(state, "locations");

  return (
    <ActionForm action={formAction} className="space-y-8">
      <FormAlert state={state} />
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <TextAreaField
        label="Domains"
        name="domains"
        rows={3}
        required
        spellCheck={false}
        autoCapitalize="none"
        placeholder={"app.example.com\n*.example.com"}
        hint="One per line, or separated by commas. *.example.com matches one more label (a.example.com); exact names win over it."
        defaultValue={initial.domains}
        onChange={(event) => setDomains(event.currentTarget.value)}
        error={fieldError(state, "domains")}
      />

      <HostTypeChoice value={type} onChange={setType} />

      {/* Both variants name their fields after locations.0; the hidden one is disabled, so only the chosen one is sent. */}
      <fieldset disabled={type !== "proxy"} hidden={type !== "proxy"} className="min-w-0 space-y-6">
        <legend className="sr-only">Where requests go</legend>
        <LocationFields name="locations.0" idPrefix="root" isRoot initial={initial.root} upstreams={upstreams} state={state} />

        <section aria-labelledby="more-locations" className="space-y-3">
          <div>
            <h2 id="more-locations" className="text-sm font-medium text-zinc-800">
              Paths with their own destination
            </h2>
            <p className="text-xs text-zinc-500">
              The longest matching path wins: /api covers /api and /api/users, not /apis. Everything else goes where / goes.
            </p>
          </div>
          {locations.rows.map((row, index) => (
            <div key={row.key} className="rounded-xl bg-zinc-50/70 p-4 ring-1 ring-zinc-200">
              <div className="mb-3 flex items-center justify-between">
                <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">Location {index + 2}</h3>
                <Button variant="ghost" className="-my-1.5 px-2.5 py-1.5" onClick={() => locations.remove(row.key)} aria-label={`Remove location ${index + 2}`}>
                  Remove
                </Button>
              </div>
              <LocationFields name={`locations.${index + 1}`} idPrefix={`location-${row.key}`} initial={row.initial} upstreams={upstreams} state={state} />
            </div>
          ))}
          <Button variant="secondary" onClick={locations.add}>
            Add location
          </Button>
        </section>
      </fieldset>

      <fieldset disabled={type !== "redirect"} hidden={type !== "redirect"} className="min-w-0">
        <legend className="sr-only">Redirect</legend>
        <input type="hidden" name="locations.0.path" value="/" />
        <input type="hidden" name="locations.0.action.kind" value="redirect" />
        <RedirectFields action="locations.0.action" idPrefix="redirect" initial={initial.redirect} state={state} />
      </fieldset>

      {locationsError ? <p className="text-sm text-red-700">{locationsError}</p> : null}

      <CheckboxField
        label="Enabled"
        name="enabled"
        defaultChecked={initial.enabled}
        hint="When off, proxies stop serving these domains but the host is kept."
        error={fieldError(state, "enabled")}
      />

      <HostHttpsFields initial={initial.tls} certificates={certificates} domains={splitDomains(domains.toLowerCase())} acme={acme} state={state} />

      <HostAdvancedFields initial={initial.options} state={state} />

      <FormFooter submitLabel={initial.id ? "Save" : "Add host"} cancelHref={orgPath(organizationSlug, "/hosts")} pending={pending} state={state} />
    </ActionForm>
  );
}
