import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { Logger } from "pino";
import { sendProxyError } from "./errors.ts";
import { headerFieldsFromDistinct, headerFieldsFromResponse, type THeaderFields } from "./passes/header-fields.ts";
import { applyRequestPasses, applyResponsePasses } from "./passes/pipeline.ts";
import { resolveRequestTarget } from "./request-target.ts";
import type { TRouteTable } from "./route-table.ts";
import { findRoute } from "./router.ts";
import { sendUpstream, type UpstreamPools } from "./transport.ts";

export interface TProxyHandlerDeps {
  /** Read once per request: the request finishes on the table it started with. */
  currentTable: () => TRouteTable;
  pools: UpstreamPools;
  logger: Logger;
  scheme: "http" | "https";
}

export function createProxyHandler(deps: TProxyHandlerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    proxyRequest(deps, req, res).catch((error: unknown) => {
      deps.logger.error({ err: error, url: req.url }, "proxy handler failed");
      sendProxyError(res, "INTERNAL");
    });
  };
}

async function proxyRequest(deps: TProxyHandlerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = resolveRequestTarget(req.url ?? "", req.headersDistinct.host);
  if (!target.ok) return sendProxyError(res, target.code);
  const route = findRoute(deps.currentTable(), target.host);
  if (route === undefined) return sendProxyError(res, "UNKNOWN_HOST", target.host);

  const origin = route.pickTarget();
  const fields = applyRequestPasses(headerFieldsFromDistinct(req.headersDistinct), {
    clientAddress: clientAddress(req),
    scheme: deps.scheme,
    host: target.authority,
  });
  const hasBody = reframeRequestBody(req, fields);

  // A client that goes away must not leave a request running on the backend.
  const abort = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) abort.abort();
  });

  let upstream;
  try {
    // Dispatched in this tick, together with the lookup above: see UpstreamPools.get.
    upstream = await sendUpstream(deps.pools.get(origin), {
      method: req.method ?? "GET",
      path: target.path,
      headers: fields,
      body: hasBody ? req : undefined,
      signal: abort.signal,
    });
  } catch (error) {
    if (abort.signal.aborted) return;
    deps.logger.warn({ err: error, host: target.host, origin }, "upstream request failed");
    return sendProxyError(res, "UPSTREAM_UNREACHABLE", target.host);
  }

  try {
    for (const [name, values] of applyResponsePasses(headerFieldsFromResponse(upstream.headers))) {
      res.setHeader(name, values);
    }
    res.writeHead(upstream.statusCode);
  } catch (error) {
    // Unread, the body would pin the upstream connection until undici's body timeout.
    upstream.body.destroy();
    throw error;
  }
  try {
    // pipeline applies backpressure both ways and destroys both ends if either fails, so a backend
    // that breaks off mid-body shows up as a truncated response, never as a complete short one.
    await pipeline(upstream.body, res);
  } catch (error) {
    if (abort.signal.aborted) return;
    deps.logger.warn({ err: error, host: target.host, origin }, "upstream response broke off");
  }
}

/**
 * Decides whether the request has a body and normalizes its length field (`Content-Length: 002`
 * passes Node's parser; the backend gets `2`). Chunked framing was removed with the hop-by-hop
 * fields; undici re-chunks a body of unknown length.
 */
function reframeRequestBody(req: IncomingMessage, fields: THeaderFields): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const declared = req.headers["content-length"];
  if (declared === undefined) return false;
  const length = Number.parseInt(declared, 10);
  fields.set("content-length", [String(length)]);
  return length > 0;
}

function clientAddress(req: IncomingMessage): string | undefined {
  const address = req.socket.remoteAddress;
  return address?.startsWith("::ffff:") && address.includes(".") ? address.slice("::ffff:".length) : address;
}
