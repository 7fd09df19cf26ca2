import { CheckboxField, TextField } from "@/components/ui/fields.tsx";
import { fieldError, type TFormState } from "@/lib/form-state.ts";
import { hasAdvancedOptions, type THostFormValues } from "../host-form-values.ts";
import { HeaderRows } from "./header-rows.tsx";

/** The host options most hosts never change, folded away unless one is set or has an error. */
export function HostAdvancedFields({ initial, state }: { initial: THostFormValues["options"]; state: TFormState }) {
  const hasErrors = !state.ok && Object.keys(state.fieldErrors).some((key) => key.startsWith("options."));
  return (
    <details open={hasAdvancedOptions(initial) || hasErrors} className="group rounded-xl ring-1 ring-zinc-200">
      <summary className="flex cursor-pointer select-none items-center gap-2 rounded-xl px-4 py-3 text-sm font-medium text-zinc-800 outline-indigo-600 hover:bg-zinc-50 focus-visible:outline-2">
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 text-zinc-500 transition-transform group-open:rotate-90" fill="currentColor">
          <path d="M7.2 4.2a.75.75 0 0 1 1.06 0l5.25 5.25a.75.75 0 0 1 0 1.06L8.26 15.8a.75.75 0 1 1-1.06-1.06L11.92 10 7.2 5.28a.75.75 0 0 1 0-1.06Z" />
        </svg>
        Advanced
        <span className="font-normal text-zinc-500">body size limit, Host header, extra headers</span>
      </summary>
      <div className="space-y-6 border-t border-zinc-200 px-4 py-5">
        <div className="sm:w-1/2">
          <TextField
            label="Max request body (MB)"
            name="options.maxBodyBytes"
            type="number"
            min={0}
            step="any"
            placeholder="No limit"
            hint="Larger request bodies are refused with 413. Leave empty for no limit."
            defaultValue={initial.maxBodyMb}
            error={fieldError(state, "options.maxBodyBytes")}
          />
        </div>
        <CheckboxField
          label="Preserve Host header"
          name="options.preserveHost"
          defaultChecked={initial.preserveHost}
          hint="Send the Host the client asked for to the backend. Off: send the backend's own host name."
          error={fieldError(state, "options.preserveHost")}
        />
        <HeaderRows
          name="options.requestHeaders"
          title="Request headers"
          description="Set on every request forwarded to the backend."
          initial={initial.requestHeaders}
          state={state}
        />
        <HeaderRows
          name="options.responseHeaders"
          title="Response headers"
          description="Set on every response sent to clients."
          initial={initial.responseHeaders}
          state={state}
        />
        <CheckboxField
          label="Hide Server headers"
          name="options.hideServerHeaders"
          defaultChecked={initial.hideServerHeaders}
          hint="Remove Server and X-Powered-By from backend responses, so they do not reveal the software behind."
          error={fieldError(state, "options.hideServerHeaders")}
        />
      </div>
    </details>
  );
}
