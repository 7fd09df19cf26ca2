import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

const CONTROL =
  "block w-full rounded-lg border-0 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm ring-1 ring-inset " +
  "placeholder:text-zinc-400 focus:outline-none focus:ring-2 focus:ring-inset";
const CONTROL_OK = "ring-zinc-300 focus:ring-indigo-600";
const CONTROL_ERROR = "ring-red-400 focus:ring-red-600";

type TFieldShellProps = {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  /** For inputs in a row under column headings: the label stays for screen readers only. */
  hideLabel?: boolean | undefined;
  children: ReactNode;
};

function describedBy(id: string, error?: string, hint?: string): string | undefined {
  return [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
}

/** A label, the control, an optional hint and the field's error, wired up for screen readers. */
function FieldShell({ id, label, error, hint, hideLabel, children }: TFieldShellProps) {
  return (
    <div className="min-w-0 space-y-1.5">
      <label htmlFor={id} className={hideLabel ? "sr-only" : "block text-sm font-medium text-zinc-800"}>
        {label}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type TFieldProps = { label: string; error?: string | undefined; hint?: string | undefined; hideLabel?: boolean | undefined };

export function TextField({ id, name, label, error, hint, hideLabel, ...input }: TFieldProps & InputHTMLAttributes<HTMLInputElement> & { name: string }) {
  const fieldId = id ?? name;
  return (
    <FieldShell id={fieldId} label={label} error={error} hint={hint} hideLabel={hideLabel}>
      <input
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, error, hint)}
        className={`${CONTROL} ${error ? CONTROL_ERROR : CONTROL_OK}`}
        {...input}
      />
    </FieldShell>
  );
}

export function TextAreaField({ id, name, label, error, hint, hideLabel, ...textarea }: TFieldProps & TextareaHTMLAttributes<HTMLTextAreaElement> & { name: string }) {
  const fieldId = id ?? name;
  return (
    <FieldShell id={fieldId} label={label} error={error} hint={hint} hideLabel={hideLabel}>
      <textarea
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, error, hint)}
        className={`${CONTROL} font-mono ${error ? CONTROL_ERROR : CONTROL_OK}`}
        {...textarea}
      />
    </FieldShell>
  );
}

export function SelectField({ id, name, label, error, hint, hideLabel, children, ...select }: TFieldProps & SelectHTMLAttributes<HTMLSelectElement> & { name: string }) {
  const fieldId = id ?? name;
  return (
    <FieldShell id={fieldId} label={label} error={error} hint={hint} hideLabel={hideLabel}>
      <select
        id={fieldId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, error, hint)}
        className={`${CONTROL} pr-8 ${error ? CONTROL_ERROR : CONTROL_OK}`}
        {...select}
      >
        {children}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({ id, name, label, error, hint, ...input }: Omit<TFieldProps, "hideLabel"> & InputHTMLAttributes<HTMLInputElement> & { name: string }) {
  const fieldId = id ?? name;
  return (
    <div className="space-y-1">
      <div className="flex items-start gap-3">
        <input
          id={fieldId}
          name={name}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(fieldId, error, hint)}
          className="mt-0.5 size-4 rounded border-zinc-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          {...input}
        />
        <div>
          <label htmlFor={fieldId} className="block text-sm font-medium text-zinc-800">
            {label}
          </label>
          {hint ? (
            <p id={`${fieldId}-hint`} className="text-xs text-zinc-500">
              {hint}
            </p>
          ) : null}
        </div>
      </div>
      {error ? (
        <p id={`${fieldId}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
