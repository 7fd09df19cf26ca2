import { z } from "zod";

/** The import form: the export file's text (read in the browser) and whether to apply or only check it. */
export const ZImportForm = z.object({
  document: z.string().min(1, "Choose an export file first.").max(50_000_000, "This file is too large for an organization export."),
  mode: z.enum(["check", "apply"]),
});
