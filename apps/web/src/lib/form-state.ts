import type { TFieldErrors } from "@gatehouse/shared";

/**
 * What a form action answers (server actions through the action wrapper, and the sign-in form).
 * On failure it carries the message, the errors per field and what the user typed (React resets a form
 * after its action runs, so inputs take their defaults back from `values`). Secrets are never echoed.
 */
export type TFormState =
  | { ok: true; message?: string }
  | { ok: false; message: string; fieldErrors: TFieldErrors; values: Record<string, string> };

export const INITIAL_FORM_STATE: TFormState = { ok: true };

/**
 * The first error for a field, for display next to it: its own, else one of a part of it (the
 * domains textarea shows `domains.2`, a status range shows `healthCheck.expectedStatus.1`).
 */
export function fieldError(state: TFormState, field: string): string | undefined {
  if (state.ok) return undefined;
  const own = state.fieldErrors[field]?.[0];
  if (own) return own;
  const prefix = `${field}.`;
  return Object.entries(state.fieldErrors).find(([key]) => key.startsWith(prefix))?.[1][0];
}

/** Errors about a list or row as a whole (`targets`: "A target is listed twice."), not its fields. */
export function groupError(state: TFormState, group: string): string | undefined {
  return state.ok ? undefined : state.fieldErrors[group]?.[0];
}

/** The value the user submitted for a field, or the given default before any failed submission. */
export function submittedValue(state: TFormState, field: string, fallback = ""): string {
  return state.ok ? fallback : (state.values[field] ?? "");
}

/** The form's text fields as a plain object, without Next's internal `$ACTION_*` entries. */
export function formFields(formData: FormData): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (!key.startsWith("$ACTION") && typeof value === "string") fields[key] = value;
  }
  return fields;
}

/** Secrets never travel back to the browser, not even to the one that just sent them. */
const SECRET_FIELD = /password|privateKey|hmacKey/i;

/** What is echoed back into a failed form: its fields minus passwords, private keys and HMAC keys. */
export function formValues(formData: FormData): Record<string, string> {
  return Object.fromEntries(Object.entries(formFields(formData)).filter(([key]) => !SECRET_FIELD.test(key)));
}
