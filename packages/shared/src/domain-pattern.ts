import { z } from "zod";
import { domainProblem, normalizeDomain } from "./domain.ts";

/**
 * A host's domain: an exact name, or a wildcard `*.example.com` that matches exactly one more label
 * (`a.example.com`, not `a.b.example.com`), the same rule TLS wildcard certificates follow.
 * Exact names win over wildcards.
 */
export function domainPatternProblem(pattern: string): string | undefined {
  if (pattern.startsWith("*.")) {
    const rest = pattern.slice(2);
    if (rest.includes("*")) return "Only one wildcard is allowed, as the first label: *.example.com.";
    if (!rest.includes(".")) return "A wildcard needs at least two labels after it: *.example.com, not *.com.";
    return domainProblem(rest);
  }
  if (pattern.includes("*")) return "A wildcard must be the whole first label: *.example.com.";
  return domainProblem(pattern);
}

export const ZDomainPattern = z
  .string()
  .transform(normalizeDomain)
  .superRefine((domain, ctx) => {
    const problem = domainPatternProblem(domain);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export function isWildcard(pattern: string): boolean {
  return pattern.startsWith("*.");
}
