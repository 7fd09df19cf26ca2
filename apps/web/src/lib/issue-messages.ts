import type { z } from "zod";

// Durations are typed in seconds on the forms and stored in milliseconds (`*Ms` fields); limits are
// told in the unit the user typed.
function limit(path: readonly PropertyKey[] | undefined, value: number | bigint): string {
  const key = String(path?.at(-1) ?? "");
  return key.endsWith("Ms") ? `${Number(value) / 1000} s` : String(value);
}

/**
 * Plain-language messages for the generic issues zod words for developers ("expected number, received
 * NaN"). Messages written into the shared schemas take precedence over this map (zod's order), so it only
 * fills the gaps. Passed per parse by the action wrapper.
 */
export const friendlyIssueMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.expected === "number") return "Enter a number.";
      if (issue.expected === "int") return "Enter a whole number.";
      if (issue.input === undefined || issue.input === "") return "This field is required.";
      return undefined;
    case "too_small":
      if (issue.origin === "number" || issue.origin === "int") return `Use ${limit(issue.path, issue.minimum)} or more.`;
      if (issue.origin === "string" && issue.minimum === 1) return "This field is required.";
      return undefined;
    case "too_big":
      if (issue.origin === "number" || issue.origin === "int") return `Use ${limit(issue.path, issue.maximum)} or less.`;
      if (issue.origin === "string") return `Use at most ${issue.maximum} characters.`;
      if (issue.origin === "array") return `At most ${issue.maximum} entries are allowed.`;
      return undefined;
    case "invalid_format":
      if (issue.format === "url") return "Enter a full URL such as https://example.com.";
      if (issue.format === "starts_with") return `Start with ${String(issue.prefix)}.`;
      return undefined;
    case "invalid_value":
      return `Choose one of ${issue.values.map(String).join(", ")}.`;
    case "invalid_union": {
      // A discriminated union whose `type` is none of its options.
      const options = Array.isArray(issue.options) ? issue.options : [];
      return options.length > 0 ? `Choose one of ${options.map(String).join(", ")}.` : undefined;
    }
    default:
      return undefined;
  }
};
