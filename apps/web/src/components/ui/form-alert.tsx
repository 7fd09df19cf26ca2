import type { TFormState } from "@/lib/form-state.ts";

/** The form-level message of a failed submission; role="alert" makes screen readers announce it. */
export function FormAlert({ state }: { state: TFormState }) {
  if (state.ok) return null;
  return (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {state.message}
    </p>
  );
}
