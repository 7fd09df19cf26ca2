import { CheckboxField, SelectField, TextField } from "@/components/ui/fields.tsx";
import { fieldError, type TFormState } from "@/lib/form-state.ts";
import { REDIRECT_STATUS_LABELS } from "@/lib/redirect-status-labels.ts";
import type { TLocationFormValues } from "../host-form-values.ts";

/** Where a redirect location sends visitors; `action` is the field-name prefix (`locations.0.action`). */
export function RedirectFields({ action, idPrefix, initial, state }: { action: string; idPrefix: string; initial: TLocationFormValues; state: TFormState }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          id={`${idPrefix}-to`}
          label="Redirect to"
          name={`${action}.to`}
          type="url"
          spellCheck={false}
          autoCapitalize="none"
          placeholder="https://www.example.com"
          defaultValue={initial.redirectTo}
          error={fieldError(state, `${action}.to`)}
        />
        <SelectField
          id={`${idPrefix}-redirect-status`}
          label="Status"
          name={`${action}.status`}
          defaultValue={initial.redirectStatus}
          error={fieldError(state, `${action}.status`)}
        >
          {Object.entries(REDIRECT_STATUS_LABELS).map(([status, label]) => (
            <option key={status} value={status}>
              {label}
            </option>
          ))}
        </SelectField>
      </div>
      <CheckboxField
        id={`${idPrefix}-keep-path`}
        label="Keep path and query"
        name={`${action}.keepPath`}
        defaultChecked={initial.keepPath}
        hint="/docs?page=2 goes to the same path and query on the new address; off: always to the address above."
        error={fieldError(state, `${action}.keepPath`)}
      />
    </div>
  );
}
