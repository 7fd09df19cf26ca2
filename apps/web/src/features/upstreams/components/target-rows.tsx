"use client";

import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { fieldError, groupError, type TFormState } from "@/lib/form-state.ts";
import { useRows } from "@/lib/use-rows.ts";
import type { TUpstreamFormValues } from "../upstream-form-values.ts";

function blankTarget(): TUpstreamFormValues["targets"][number] {
  return { url: "", weight: "1", backup: false };
}

// URL and weight on one line; on narrow screens backup and remove wrap to a second one.
const ROW_GRID = "grid grid-cols-[minmax(0,1fr)_5.5rem] gap-2 sm:grid-cols-[minmax(0,1fr)_7rem_6rem_5.5rem]";

/** The pool's targets: URL, weight and backup per row; rows are added and removed in place. */
export function TargetRows({ initial, state }: { initial: TUpstreamFormValues["targets"]; state: TFormState }) {
  const { rows, add, remove } = useRows(initial, blankTarget);
  const listError = groupError(state, "targets");
  return (
    <div className="space-y-2">
      <div aria-hidden="true" className={`${ROW_GRID} text-xs font-medium text-zinc-500`}>
        <span>URL</span>
        <span>Weight</span>
      </div>
      <ul className="space-y-2">
        {rows.map((row, index) => {
          const prefix = `targets.${index}`;
          const number = index + 1;
          return (
            <li key={row.key} className={`${ROW_GRID} items-start`}>
              <TextField
                id={`target-${row.key}-url`}
                label={`Target ${number} URL`}
                hideLabel
                name={`${prefix}.url`}
                type="url"
                spellCheck={false}
                autoCapitalize="none"
                placeholder="http://10.0.0.5:8080"
                defaultValue={row.initial.url}
                error={fieldError(state, `${prefix}.url`)}
              />
              <TextField
                id={`target-${row.key}-weight`}
                label={`Target ${number} weight`}
                hideLabel
                name={`${prefix}.weight`}
                type="number"
                min={1}
                max={1000}
                defaultValue={row.initial.weight}
                error={fieldError(state, `${prefix}.weight`)}
              />
              <label className="flex h-9 items-center gap-2 text-sm text-zinc-700">
                <input
                  type="checkbox"
                  name={`${prefix}.backup`}
                  defaultChecked={row.initial.backup}
                  aria-label={`Target ${number} is a backup`}
                  className="size-4 rounded border-zinc-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                />
                Backup
              </label>
              <Button variant="ghost" onClick={() => remove(row.key)} disabled={rows.length === 1} aria-label={`Remove target ${number}`}>
                Remove
              </Button>
            </li>
          );
        })}
      </ul>
      {listError ? <p className="text-sm text-red-700">{listError}</p> : null}
      <p className="text-xs text-zinc-500">
        Scheme, host and port of each target. A higher weight gets a larger share; backups get requests only while every other target is down.
      </p>
      <Button variant="secondary" onClick={add}>
        Add target
      </Button>
    </div>
  );
}
