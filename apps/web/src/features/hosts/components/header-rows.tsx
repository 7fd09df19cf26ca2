"use client";

import type { THeaderEdit } from "@gatehouse/shared";
import { Button } from "@/components/ui/button.tsx";
import { TextField } from "@/components/ui/fields.tsx";
import { fieldError, groupError, type TFormState } from "@/lib/form-state.ts";
import { useRows } from "@/lib/use-rows.ts";

type THeaderRowsProps = {
  /** The list's path in the input: `options.requestHeaders`. */
  name: string;
  title: string;
  description: string;
  initial: THeaderEdit[];
  state: TFormState;
};

/** Name/value rows for headers a host sets; starts empty, rows are added one by one. */
export function HeaderRows({ name, title, description, initial, state }: THeaderRowsProps) {
  const { rows, add, remove } = useRows(initial, () => ({ name: "", value: "" }));
  const headingId = `${name}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <div>
        <h3 id={headingId} className="text-sm font-medium text-zinc-800">
          {title}
        </h3>
        <p className="text-xs text-zinc-500">{description}</p>
      </div>
      {rows.length > 0 ? (
        <ul className="space-y-2">
          {rows.map((row, index) => {
            const prefix = `${name}.${index}`;
            return (
              <li key={row.key} className="grid grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] items-start gap-2">
                <TextField
                  id={`${name}-${row.key}-name`}
                  label={`${title}: name ${index + 1}`}
                  hideLabel
                  name={`${prefix}.name`}
                  placeholder="X-Header-Name"
                  spellCheck={false}
                  autoCapitalize="none"
                  defaultValue={row.initial.name}
                  error={fieldError(state, `${prefix}.name`)}
                />
                <TextField
                  id={`${name}-${row.key}-value`}
                  label={`${title}: value ${index + 1}`}
                  hideLabel
                  name={`${prefix}.value`}
                  placeholder="value"
                  spellCheck={false}
                  defaultValue={row.initial.value}
                  error={fieldError(state, `${prefix}.value`)}
                />
                <Button variant="ghost" onClick={() => remove(row.key)} aria-label={`Remove ${title.toLowerCase()} row ${index + 1}`}>
                  Remove
                </Button>
              </li>
            );
          })}
        </ul>
      ) : null}
      {groupError(state, name) ? <p className="text-sm text-red-700">{groupError(state, name)}</p> : null}
      <Button variant="secondary" onClick={add}>
        Add header
      </Button>
    </section>
  );
}
