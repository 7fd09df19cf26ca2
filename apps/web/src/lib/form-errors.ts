import type { TFieldErrors } from "@gatehouse/shared";
import type { z } from "zod";

type TIssue = z.core.$ZodIssue;

/** A union branch that failed on its discriminator (`type: "proxy"` vs "redirect") is not the one meant. */
function isOtherBranch(issues: readonly TIssue[]): boolean {
  return issues.some((issue) => issue.code === "invalid_value" && issue.path.length === 1);
}

/**
 * The values a union wanted, when every branch failed on one: `z.union([z.literal(301), …])` (at the
 * value itself) or object branches whose discriminator matched none (at their `type`).
 */
function expectedChoices(branches: readonly (readonly TIssue[])[]): string[] | undefined {
  const values: string[] = [];
  for (const issues of branches) {
    const choice = issues.find((issue) => issue.code === "invalid_value" && issue.path.length <= 1);
    const isLiteralUnion = issues.length === 1 && choice?.path.length === 0;
    if (choice?.code !== "invalid_value" || (!isLiteralUnion && choice.path.length !== 1)) return undefined;
    values.push(...choice.values.map(String));
  }
  return values;
}

/**
 * A union that failed as a whole says only "Invalid input". When exactly one branch matches the
 * input's discriminator, its own issues (with their deeper paths) are what the user needs to see.
 */
function unionIssues(issue: Extract<TIssue, { code: "invalid_union" }>): TIssue[] {
  const candidates = issue.errors.filter((branch) => !isOtherBranch(branch));
  if (candidates.length === 1) {
    return candidates[0]!.flatMap((inner) => expandIssue({ ...inner, path: [...issue.path, ...inner.path] }));
  }
  const choices = expectedChoices(issue.errors);
  if (choices) return [{ ...issue, message: `Choose one of ${choices.join(", ")}.` }];
  return [issue];
}

function expandIssue(issue: TIssue): TIssue[] {
  return issue.code === "invalid_union" && issue.errors.length > 0 ? unionIssues(issue) : [issue];
}

/**
 * Field errors keyed by each issue's full dotted path (`locations.1.action.backendUrl`). Form fields
 * are named by the same paths, so every message can sit next to the input that holds the value;
 * issues about a whole list sit under its name (`targets`), issues without a path under `_form`.
 */
export function formFieldErrors(error: z.ZodError): TFieldErrors {
  const fields: TFieldErrors = {};
  for (const issue of error.issues.flatMap(expandIssue)) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "_form";
    const messages = (fields[key] ??= []);
    if (!messages.includes(issue.message)) messages.push(issue.message);
  }
  return fields;
}
