import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { serveDefaultSite } from "./actions/default-site.ts";
import { proxyToUpstream } from "./actions/proxy.ts";
import { sendRedirect } from "./actions/redirect.ts";
import { sendRespond } from "./actions/respond.ts";
import { sendProxyError } from "./errors.ts";
import { refuseAndClose } from "./limits/refuse.ts";
import { requestBodyLength } from "./limits/request-body.ts";
import { noteHost } from "./request-facts.ts";
import { requestAuthority } from "./request-guard.ts";
import { resolveRequestTarget } from "./request-target.ts";
import type { TRouteTable } from "./route-table.ts";
import { findHost, findLocation, routingPath, type TScheme } from "./router.ts";
import { answerAcmeChallenge } from "./tls/acme-challenge.ts";
import { sendHttpsRedirect } from "./tls/https-redirect.ts";

export interface TProxyHandlerDeps {
  /** Read once per request: the request finishes on the table it started with. */
  currentTable: () => TRouteTable;
  logger: Logger;
  scheme: TScheme;
  /** The HTTPS port clients reach from outside, for force-HTTPS redirects (settings.publicHttpsPort). */
  publicHttpsPort: number;
}

const NO_FIELDS: readonly string[] = [];

export function createProxyHandler(deps: TProxyHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      handleRequest(deps, deps.currentTable(), req, res);
    } catch (error) {
      failed(deps, req, res, error);
    }
  };
}

/** Synchronous throughout: routing, fixed answers and the upstream exchange (callbacks) cost no promise. */
function handleRequest(deps: TProxyHandlerDeps, table: TRouteTable, req: IncomingMessage, res: ServerResponse): void {
  // server.ts has already refused ambiguous framing (request-guard.ts) before this handler runs.
  const target = resolveRequestTarget(req.url ?? "", requestAuthority(req));
  if (!target.ok) return refuseAndClose(res, target.code);
  const secure = deps.scheme === "https";
  if (!secure && answerAcmeChallenge(res, table.acmeChallenges, target.path)) return;

  const host = findHost(table.hosts, target.host);
  if (host === undefined) return serveDefaultSite(req, res, table.defaultSite, target.host, target.path);
  noteHost(res, host.label);
  if (!secure && host.forceHttps) return sendHttpsRedirect(res, target.host, deps.publicHttpsPort, target.path);
  // The proxy's own answers carry HSTS too; proxied ones get it from the host's HTTPS header plan.
  const ownFields = secure ? host.hstsFields : NO_FIELDS;
  if (ownFields.length > 0) res.setHeader(ownFields[0]!, ownFields[1]!);
  const path = routingPath(target.path);
  const location = findLocation(host, path);
  if (location === undefined) return sendProxyError(res, "NO_LOCATION", host.label);

  const { action } = location;
  switch (action.kind) {
    case "respond":
      return sendRespond(res, action, ownFields);
    case "redirect":
      return sendRedirect(res, action, target.path, ownFields);
    case "proxy": {
      const bodyLength = requestBodyLength(req);
      const limit = host.options.maxBodyBytes;
      // A declared length over the limit is refused before a byte is read; a chunked body is counted as it streams.
      if (limit !== null && bodyLength > limit) return refuseAndClose(res, "BODY_TOO_LARGE", host.label);
      return proxyToUpstream({ req, res, host, action, authority: target.authority, path, bodyLength, scheme: deps.scheme, logger: deps.logger });
    }
  }
}

function failed(deps: TProxyHandlerDeps, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  deps.logger.error({ err: error, url: req.url }, "proxy handler failed");
  sendProxyError(res, "INTERNAL");
}
