import { z } from "zod";

// A backend is an origin (scheme, host, port). Paths, credentials and queries are refused rather
// than silently dropped, so what the user typed is exactly what the proxy connects to.
export function backendUrlProblem(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return "Enter a full URL such as http://10.0.0.5:8080.";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `The backend must use http:// or https://, not ${url.protocol}//.`;
  }
  if (!url.hostname) return "The backend URL needs a host, such as http://10.0.0.5:8080.";
  if (url.username || url.password) return "Remove the user name and password from the backend URL.";
  if (url.pathname !== "/" || url.search || url.hash) {
    return "Give only scheme, host and port (for example http://10.0.0.5:8080), without a path or query.";
  }
  return undefined;
}

/** Parses a backend URL and normalizes it to its origin, e.g. `http://127.0.0.1:9001`. */
export const ZBackendUrl = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = backendUrlProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((value) => new URL(value).origin);
