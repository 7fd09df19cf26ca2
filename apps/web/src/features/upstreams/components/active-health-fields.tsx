"use client";

import { useState } from "react";
import { CheckboxField, TextField } from "@/components/ui/fields.tsx";
import { fieldError, type TFormState } from "@/lib/form-state.ts";
import type { TUpstreamFormValues } from "../upstream-form-values.ts";

/** Active checks: off by default; the settings stay visible (greyed) so turning them on shows what runs. */
export function ActiveHealthFields({ initial, state }: { initial: TUpstreamFormValues["healthCheck"]; state: TFormState }) {
  const [enabled, setEnabled] = useState(initial.enabled);
  const error = (field: string) => fieldError(state, `healthCheck.${field}`);
  return (
    <div className="space-y-4">
      <CheckboxField
        label="Check targets actively"
        name="healthCheck.enabled"
        checked={enabled}
        onChange={(event) => setEnabled(event.target.checked)}
        hint="Each proxy requests the path below on every target and takes a target out after repeated failures."
      />
      <fieldset disabled={!enabled} className="grid gap-4 pl-7 disabled:opacity-50 sm:grid-cols-3">
        <legend className="sr-only">Active health check</legend>
        <TextField label="Path" name="healthCheck.path" spellCheck={false} autoCapitalize="none" defaultValue={initial.path} error={error("path")} />
        <TextField label="Interval (s)" name="healthCheck.intervalMs" type="number" min={1} step="any" defaultValue={initial.intervalS} error={error("intervalMs")} />
        <TextField label="Timeout (s)" name="healthCheck.timeoutMs" type="number" min={0.1} step="any" defaultValue={initial.timeoutS} error={error("timeoutMs")} />
        <fieldset className="min-w-0 space-y-1.5">
          <legend className="mb-1.5 text-sm font-medium text-zinc-800">Healthy statuses</legend>
          <div className="grid grid-cols-[minmax(0,1fr)_auto_minmax(0,1fr)] items-center gap-2">
            <TextField label="Healthy status from" hideLabel name="healthCheck.expectedStatus.0" type="number" min={100} max={599} defaultValue={initial.statusFrom} />
            <span aria-hidden="true" className="text-sm text-zinc-500">to</span>
            <TextField label="Healthy status to" hideLabel name="healthCheck.expectedStatus.1" type="number" min={100} max={599} defaultValue={initial.statusTo} />
          </div>
          {error("expectedStatus") ? <p className="text-sm text-red-700">{error("expectedStatus")}</p> : null}
        </fieldset>
        <TextField label="Rise" name="healthCheck.rise" type="number" min={1} max={100} hint="Successes to come back up." defaultValue={initial.rise} error={error("rise")} />
        <TextField label="Fall" name="healthCheck.fall" type="number" min={1} max={100} hint="Failures to go down." defaultValue={initial.fall} error={error("fall")} />
      </fieldset>
    </div>
  );
}
