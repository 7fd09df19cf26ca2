"use client";

import type { TLoadBalancingPolicy } from "@gatehouse/shared";
import { useState, type ReactNode } from "react";
import { ActionForm } from "@/components/ui/action-form.tsx";
import { SelectField, TextField } from "@/components/ui/fields.tsx";
import { FormAlert } from "@/components/ui/form-alert.tsx";
import { FormFooter } from "@/components/ui/form-footer.tsx";
import { fieldError, INITIAL_FORM_STATE } from "@/lib/form-state.ts";
import { orgPath } from "@/lib/org-path.ts";
import { useOrgAction, useOrgSlug } from "@/lib/use-org-action.ts";
import { createUpstream, updateUpstream } from "../actions.ts";
import { POLICIES, POLICY_HINTS, POLICY_LABELS } from "../policy-labels.ts";
import type { TUpstreamFormValues } from "../upstream-form-values.ts";
import { ActiveHealthFields } from "./active-health-fields.tsx";
import { TargetRows } from "./target-rows.tsx";
import { TlsFields } from "./tls-fields.tsx";

function FormSection({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-4 border-t border-zinc-200 pt-6">
      <div>
        <h2 id={id} className="text-sm font-semibold text-zinc-900">
          {title}
        </h2>
        {description ? <p className="mt-0.5 text-xs text-zinc-500">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}

/** Adds an upstream pool, or edits one. */
export function UpstreamForm({ initial }: { initial: TUpstreamFormValues }) {
  const [state, formAction, pending] = useOrgAction(initial.id ? updateUpstream : createUpstream, INITIAL_FORM_STATE);
  const organizationSlug = useOrgSlug();
  const [policy, setPolicy] = useState<TLoadBalancingPolicy>(initial.policy);
  const cookieError = fieldError(state, "stickyCookie");

  return (
    <ActionForm action={formAction} className="space-y-6">
      <FormAlert state={state} />
      {initial.id ? <input type="hidden" name="id" value={initial.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          spellCheck={false}
          placeholder="api-servers"
          hint="How hosts refer to this pool."
          defaultValue={initial.name}
          error={fieldError(state, "name")}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Load balancing"
          name="policy"
          value={policy}
          onChange={(event) => setPolicy(event.target.value as TLoadBalancingPolicy)}
          hint={POLICY_HINTS[policy]}
          error={fieldError(state, "policy")}
        >
          {POLICIES.map((option) => (
            <option key={option} value={option}>
              {POLICY_LABELS[option]}
            </option>
          ))}
        </SelectField>
        {/* Hidden but still sent under other policies, so a custom cookie name survives a policy switch. */}
        <div hidden={policy !== "cookie" && !cookieError}>
          <TextField label="Cookie name" name="stickyCookie" spellCheck={false} defaultValue={initial.stickyCookie} error={cookieError} />
        </div>
      </div>

      <FormSection id="targets-heading" title="Targets">
        <TargetRows initial={initial.targets} state={state} />
      </FormSection>

      <FormSection id="health-heading" title="Health checks" description="A target that is down gets no requests until it recovers.">
        <ActiveHealthFields initial={initial.healthCheck} state={state} />
        <div className="space-y-2">
          <h3 className="text-sm font-medium text-zinc-800">Passive</h3>
          <p className="text-xs text-zinc-500">A target that fails this many requests within the window is taken out for the cool-off.</p>
          <div className="grid gap-4 sm:grid-cols-3">
            <TextField label="Max failures" name="passiveHealth.maxFails" type="number" min={0} defaultValue={initial.passiveHealth.maxFails} error={fieldError(state, "passiveHealth.maxFails")} />
            <TextField label="Within (s)" name="passiveHealth.windowMs" type="number" min={0.1} step="any" defaultValue={initial.passiveHealth.windowS} error={fieldError(state, "passiveHealth.windowMs")} />
            <TextField label="Cool-off (s)" name="passiveHealth.cooldownMs" type="number" min={0.1} step="any" defaultValue={initial.passiveHealth.cooldownS} error={fieldError(state, "passiveHealth.cooldownMs")} />
          </div>
        </div>
      </FormSection>

      <FormSection id="timeouts-heading" title="Timeouts and retries">
        <div className="grid gap-4 sm:grid-cols-3">
          <TextField label="Connect (s)" name="timeouts.connectMs" type="number" min={0.1} step="any" defaultValue={initial.timeouts.connectS} error={fieldError(state, "timeouts.connectMs")} />
          <TextField
            label="Response headers (s)"
            name="timeouts.responseHeadersMs"
            type="number"
            min={0.1}
            step="any"
            defaultValue={initial.timeouts.responseHeadersS}
            error={fieldError(state, "timeouts.responseHeadersMs")}
          />
          <TextField label="Idle (s)" name="timeouts.idleMs" type="number" min={0.1} step="any" hint="Longest silence while reading a response." defaultValue={initial.timeouts.idleS} error={fieldError(state, "timeouts.idleMs")} />
          <TextField
            label="Retries"
            name="retries"
            type="number"
            min={0}
            max={10}
            hint="Other targets tried after a failed connection, before any request body was sent."
            defaultValue={initial.retries}
            error={fieldError(state, "retries")}
          />
        </div>
      </FormSection>

      <FormSection id="tls-heading" title="TLS" description="Applies to https:// targets.">
        <TlsFields initial={initial.tls} state={state} />
      </FormSection>

      <FormFooter submitLabel={initial.id ? "Save" : "Add upstream"} cancelHref={orgPath(organizationSlug, "/upstreams")} pending={pending} state={state} />
    </ActionForm>
  );
}
