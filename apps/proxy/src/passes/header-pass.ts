import type { THeaderFields } from "./header-fields.ts";

/** What the request passes know about the client connection and the request being forwarded. */
export interface TForwardContext {
  /** The client's IP address as seen on the socket (IPv4-mapped IPv6 written as plain IPv4). */
  clientAddress: string | undefined;
  /** Scheme the client used to reach the proxy. */
  scheme: "http" | "https";
  /** The authority the client asked for (Host header, or the authority of an absolute-form target), verbatim. */
  host: string;
}

/**
 * One named header edit. Passes mutate a fresh copy of the fields and run in a fixed order, so each
 * can be tested alone and the order is visible in one list (see pipeline.ts).
 */
export interface TRequestPass {
  readonly name: string;
  apply(fields: THeaderFields, context: TForwardContext): void;
}

export interface TResponsePass {
  readonly name: string;
  apply(fields: THeaderFields): void;
}
