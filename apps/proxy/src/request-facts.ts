import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { TScheme } from "./router.ts";

/**
 * What the proxy learned about one request while handling it, read once when its response closes
 * (access log line, metrics). Kept on the response under a symbol so the handler needs no extra
 * parameter and the hot path allocates one small object per request.
 */
export interface TRequestFacts {
  /** performance.now() when the request reached the handler. */
  readonly startedAt: number;
  /** Which port the request came in on: `https` for the TLS listener (HTTP/1.1 or HTTP/2). */
  readonly scheme: TScheme;
  /**
   * A configured name of the host that served the request (its first domain), never the raw Host
   * header: it is a metrics label, and a label fed from client input has unbounded cardinality.
   */
  hostLabel: string | undefined;
  /** Origin of the upstream target that got the request (the last one, after retries). */
  upstreamTarget: string | undefined;
}

/**
 * A WebSocket upgrade has no ServerResponse (Node hands over the raw socket), so its facts live on
 * that socket, and the answer it got is noted here rather than read off a response.
 */
export interface TTunnelFacts extends TRequestFacts {
  /** The status written to the client (101 once switched); undefined while nothing was written. */
  status: number | undefined;
}

const kFacts = Symbol("gatehouse.requestFacts");

/** A response, or the socket of an upgrade request. */
type TFactsCarrier = ServerResponse | Duplex;
type TWithFacts = TFactsCarrier & { [kFacts]?: TRequestFacts };

export function startRequestFacts(res: ServerResponse, startedAt: number, scheme: TScheme): TRequestFacts {
  const facts: TRequestFacts = { startedAt, scheme, hostLabel: undefined, upstreamTarget: undefined };
  (res as TWithFacts)[kFacts] = facts;
  return facts;
}

export function requestFacts(res: ServerResponse): TRequestFacts | undefined {
  return (res as TWithFacts)[kFacts];
}

export function startTunnelFacts(socket: Duplex, startedAt: number, scheme: TScheme): TTunnelFacts {
  const facts: TTunnelFacts = { startedAt, scheme, hostLabel: undefined, upstreamTarget: undefined, status: undefined };
  (socket as TWithFacts)[kFacts] = facts;
  return facts;
}

/** Called when an upgrade is answered, by the backend or by the proxy's own refusal. */
export function noteTunnelStatus(socket: Duplex, status: number): void {
  const facts = (socket as TWithFacts)[kFacts] as TTunnelFacts | undefined;
  if (facts !== undefined) facts.status = status;
}

/** Called by the proxy handler (and the upgrade handler) once the route is found. */
export function noteHost(res: TFactsCarrier, hostLabel: string): void {
  const facts = (res as TWithFacts)[kFacts];
  if (facts !== undefined) facts.hostLabel = hostLabel;
}

/** Called by the proxy handler for every target it sends the request to; the last one wins. */
export function noteUpstreamTarget(res: TFactsCarrier, origin: string): void {
  const facts = (res as TWithFacts)[kFacts];
  if (facts !== undefined) facts.upstreamTarget = origin;
}
