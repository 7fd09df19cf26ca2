import { z } from "zod";

// RFC 1123 host names: labels of 1-63 letters, digits and inner hyphens, 253 characters in all.
// Stored and matched lower-case; a trailing dot (FQDN form) is dropped so one name has one spelling.
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function normalizeDomain(input: string): string {
  return input.trim().toLowerCase().replace(/\.$/, "");
}

export function domainProblem(domain: string): string | undefined {
  if (domain.length === 0) return "Enter a domain name, such as app.example.com.";
  if (domain.length > 253) return "A domain name is at most 253 characters long.";
  if (domain.includes("*")) return "Wildcard domains are not supported yet: enter a full name such as app.example.com.";
  if (/[/:@\s]/.test(domain)) return "Enter only the domain name, without scheme, port, path or spaces (for example app.example.com).";
  const labels = domain.split(".");
  for (const label of labels) {
    if (!LABEL.test(label)) {
      return `"${label || "(empty)"}" is not a valid part of a domain name: use letters, digits and inner hyphens, 1 to 63 characters.`;
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) return "Enter a domain name, not an IP address.";
  return undefined;
}

export const ZDomain = z
  .string()
  .transform(normalizeDomain)
  .superRefine((domain, ctx) => {
    const problem = domainProblem(domain);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
