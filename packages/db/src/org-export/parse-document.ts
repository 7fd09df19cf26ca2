import { AppError, ORG_EXPORT_FORMAT, ORG_EXPORT_VERSION, ZOrgExport, type TOrgExport } from "@gatehouse/shared";
import type { z } from "zod";

function refused(message: string): AppError {
  return new AppError("BAD_INPUT", message, { document: [message] });
}

/** `hosts[2].domains[0]`: where in the file an issue is, as a person would look for it. */
function issuePath(path: PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((issue) => `${issuePath(issue.path) || "document"}: ${issue.message}`);
  const more = error.issues.length > shown.length ? ` (and ${error.issues.length - shown.length} more)` : "";
  return shown.join("; ") + more;
}

/**
 * An organization export as the importer reads it. Format and version are checked first, so a file of
 * another kind or version gets a sentence about that rather than a list of schema issues.
 */
export function parseOrgExport(input: unknown): TOrgExport {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw refused("This file is not a Gatehouse organization export (it holds no JSON object). Choose a file made with Export.");
  }
  const { format, version } = input as Record<string, unknown>;
  if (format !== ORG_EXPORT_FORMAT) {
    throw refused(`This file is not a Gatehouse organization export (its format is ${JSON.stringify(format ?? null)}, not "${ORG_EXPORT_FORMAT}"). Choose a file made with Export.`);
  }
  if (version !== ORG_EXPORT_VERSION) {
    throw refused(
      `This export is version ${JSON.stringify(version ?? null)}; this Gatehouse imports version ${ORG_EXPORT_VERSION} only. ` +
        "Export again from a Gatehouse that writes this version, or upgrade this one.",
    );
  }
  const result = ZOrgExport.safeParse(input);
  if (!result.success) throw refused(`This export file is not valid, so nothing was imported: ${describeIssues(result.error)}.`);
  return result.data;
}

/** The same from the file's text. */
export function parseOrgExportJson(text: string): TOrgExport {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw refused("This file is not JSON, so it is not a Gatehouse organization export. Choose a file made with Export.");
  }
  return parseOrgExport(input);
}
