import type { ServerResponse } from "node:http";
import type { TDefaultSite, TLocationAction } from "@gatehouse/shared";

export interface TRedirectAction {
  readonly kind: "redirect";
  readonly status: number;
  /** `to` without a trailing slash when the request's path is appended to it. */
  readonly base: string;
  readonly keepPath: boolean;
}

export function compileRedirect(
  action: Extract<TLocationAction, { type: "redirect" }> | Extract<TDefaultSite, { type: "redirect" }>,
): TRedirectAction {
  const keepPath = "keepPath" in action ? action.keepPath : false;
  // The request path starts with "/", so `https://new.test/` + `/a` must not become `//a`.
  const base = keepPath && action.to.endsWith("/") ? action.to.slice(0, -1) : action.to;
  return { kind: "redirect", status: action.status, base, keepPath };
}

/** `pathAndQuery` is the origin-form request target, e.g. `/docs/a?x=1`. */
export function redirectLocation(action: TRedirectAction, pathAndQuery: string): string {
  return action.keepPath ? action.base + pathAndQuery : action.base;
}

/** `extraFields`: the proxy's own fields for this answer (HSTS). */
export function sendRedirect(res: ServerResponse, action: TRedirectAction, pathAndQuery: string, extraFields: readonly string[] = []): void {
  res.writeHead(action.status, ["Location", redirectLocation(action, pathAndQuery), "Content-Length", "0", ...extraFields]);
  res.end();
}
