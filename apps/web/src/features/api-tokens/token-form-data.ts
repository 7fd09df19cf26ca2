import { z } from "zod";
import { formFields } from "@/lib/form-state.ts";

/** The create form's fields; an empty date input means "never expires". */
export function readApiTokenForm(formData: FormData): Record<string, string> {
  const { expiresAt, ...fields } = formFields(formData);
  return expiresAt ? { ...fields, expiresAt } : fields;
}

export const ZApiTokenRef = z.object({ id: z.string().min(1) });

/** What the create action answers on success: the token, which the page shows this once. */
export function createdToken(state: object): string | null {
  return "token" in state && typeof state.token === "string" ? state.token : null;
}
