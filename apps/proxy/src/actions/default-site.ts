import type { IncomingMessage, ServerResponse } from "node:http";
import type { TDefaultSite } from "@gatehouse/shared";
import { sendProxyError } from "../errors.ts";
import { compileRedirect, sendRedirect, type TRedirectAction } from "./redirect.ts";

/** What the edge does with a Host no host claims (instance settings), compiled once per snapshot. */
export type TDefaultSiteAction = { readonly kind: "not-found" } | { readonly kind: "close" } | TRedirectAction;

export function compileDefaultSite(site: TDefaultSite): TDefaultSiteAction {
  if (site.type === "redirect") return compileRedirect(site);
  return { kind: site.type };
}

export function serveDefaultSite(req: IncomingMessage, res: ServerResponse, site: TDefaultSiteAction, host: string, pathAndQuery: string): void {
  switch (site.kind) {
    case "not-found":
      return sendProxyError(res, "UNKNOWN_HOST", host);
    case "close":
      // nginx's `return 444`: no status line at all, so scanners learn nothing about the edge.
      req.socket.destroy();
      return;
    case "redirect":
      return sendRedirect(res, site, pathAndQuery);
  }
}
