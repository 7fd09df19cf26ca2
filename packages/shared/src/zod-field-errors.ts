import type { z } from "zod";
import type { TFieldErrors } from "./errors.ts";

/** Groups zod issues by their top-level field so a form can show each message next to its input. */
export function zodFieldErrors(error: z.ZodError): TFieldErrors {
  const fields: TFieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : "_form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}
