import type { ServerResponse } from "node:http";

/**
 * What the proxy learned about one request while handling it, read once when its response closes
 * (access log line, metrics). Kept on the response under a symbol so the handler needs no extra
 * parameter and the hot path allocates one small object per request.
 */
export interface TRequestFacts {
  /** performance.now() when the request reached the handler. */
  readonly startedAt: number;
  /**
   * A configured name of the host that served the request (its first domain), never the raw Host
   * header: it is a metrics label, and a label fed from client input has unbounded cardinality.
   */
  hostLabel: string | undefined;
  /** Origin of the upstream target that got the request (the last one, after retries). */
  upstreamTarget: string | undefined;
}

const kFacts = Symbol("gatehouse.requestFacts");

type TWithFacts = ServerResponse & { [kFacts]?: TRequestFacts };

export function startRequestFacts(res: ServerResponse, startedAt: number): TRequestFacts {
  const facts: TRequestFacts = { startedAt, hostLabel: undefined, upstreamTarget: undefined };
  (res as TWithFacts)[kFacts] = facts;
  return facts;
}

export function requestFacts(res: ServerResponse): TRequestFacts | undefined {
  return (res as TWithFacts)[kFacts];
}

/** Called by the proxy handler once the route is found. */
export function noteHost(res: ServerResponse, hostLabel: string): void {
  const facts = (res as TWithFacts)[kFacts];
  if (facts !== undefined) facts.hostLabel = hostLabel;
}

/** Called by the proxy handler for every target it sends the request to; the last one wins. */
export function noteUpstreamTarget(res: ServerResponse, origin: string): void {
  const facts = (res as TWithFacts)[kFacts];
  if (facts !== undefined) facts.upstreamTarget = origin;
}
