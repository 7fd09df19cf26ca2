import { authorityPort } from "../request-target.ts";
import { forwardedFor, peerAddress, realClientAddress } from "./forwarded.ts";
import type { THeaderPlan } from "./header-plan.ts";
import { addConnectionTokens, HOP_BY_HOP_HEADERS, removeNominatedFields } from "./hop-by-hop.ts";

export interface TForwardContext {
  /** The socket's peer (req.socket.remoteAddress). */
  readonly remoteAddress: string | undefined;
  /** Scheme the client used to reach us. */
  readonly scheme: "http" | "https";
  /** The authority the client asked for (see resolveRequestTarget): becomes X-Forwarded-Host. */
  readonly authority: string;
  /** The Host to send upstream: `authority` when the host preserves it, else the target's own. */
  readonly host: string;
}

// What each incoming field is to the passes; a name not listed is end-to-end and forwarded.
const HOP = 1;
const CONNECTION = 2;
/** Set by a pass on this hop: Host, Expect (Node answered 100-continue already), X-Real-IP. */
const OURS = 3;
const X_FORWARDED_FOR = 4;
const X_FORWARDED_PROTO = 5;
const X_FORWARDED_HOST = 6;
const X_FORWARDED_PORT = 7;
/** Other claims about earlier hops (Forwarded, X-Forwarded-Prefix, ...): kept only from a trusted peer. */
const HOP_CLAIM = 8;

const ROLES = new Map<string, number>([
  ...[...HOP_BY_HOP_HEADERS].map((name): [string, number] => [name, HOP]),
  ["connection", CONNECTION],
  ["host", OURS],
  ["expect", OURS],
  ["x-real-ip", OURS],
  ["x-forwarded-for", X_FORWARDED_FOR],
  ["x-forwarded-proto", X_FORWARDED_PROTO],
  ["x-forwarded-host", X_FORWARDED_HOST],
  ["x-forwarded-port", X_FORWARDED_PORT],
  ["forwarded", HOP_CLAIM],
]);

/**
 * The header list sent upstream, built in one walk over Node's raw list (no header object, no map),
 * as these named passes, in this order:
 *   0. HTTP/2: drop pseudo-headers, join split Cookie fields;
 *   1. hop-by-hop: drop RFC 9110 §7.6.1 fields and every field Connection nominates (the proxy
 *      re-frames bodies, so a smuggled Transfer-Encoding never reaches the next hop);
 *   2. expect: drop Expect, which Node already settled on the client connection;
 *   3. forwarded: X-Forwarded-For/Proto/Host/Port and X-Real-IP (see forwarded.ts): a trusted peer's
 *      values are kept (For gets the peer appended), anyone else's replaced by ours;
 *   4. host: exactly one Host, `context.host`;
 *   5. custom request headers of the host: replace incoming fields of the same name.
 * The fields of passes 3-5 are added after the Connection filter, so a client that nominates
 * `host` or `x-forwarded-for` in Connection cannot remove what the proxy sets; they come first.
 */
export function upstreamRequestHeaders(raw: readonly string[], plan: THeaderPlan, context: TForwardContext): string[] {
  const peer = peerAddress(context.remoteAddress);
  const trusted = !plan.trustedProxies.none && plan.trustedProxies.trusts(peer);
  const overrides = plan.requestOverrides;
  const out: string[] = [];
  let nominated: string[] | undefined;
  let xForwardedFor: string | undefined;
  let xForwardedProto: string | undefined;
  let xForwardedHost: string | undefined;
  let xForwardedPort: string | undefined;

  // Node lists HTTP/2 pseudo-headers first in rawHeaders: that is how this pass tells the protocols apart.
  const http2 = raw.length > 0 && raw[0]!.charCodeAt(0) === 0x3a;
  let cookieAt = -1;

  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers (:method, :authority, ...) are not fields; the upstream request line and Host carry them.
    if (name.charCodeAt(0) === 0x3a) continue;
    const lower = name.toLowerCase();
    const role = ROLES.get(lower);
    if (role === undefined) {
      if (overrides.size > 0 && overrides.has(lower)) continue;
      if (!trusted && lower.startsWith("x-forwarded-")) continue;
      // RFC 9113 §8.2.3: HTTP/2 clients may split Cookie into several fields; an HTTP/1.1 backend gets one, joined with "; ".
      if (http2 && lower === "cookie") {
        if (cookieAt !== -1) {
          out[cookieAt] = `${out[cookieAt]!}; ${raw[i + 1]!}`;
          continue;
        }
        cookieAt = out.length + 1;
      }
      out.push(name, raw[i + 1]!);
    } else if (role === CONNECTION) {
      nominated = addConnectionTokens(raw[i + 1]!, nominated);
    } else if (role === HOP_CLAIM) {
      if (trusted && !overrides.has(lower)) out.push(name, raw[i + 1]!);
    } else if (trusted) {
      // Repeated fields are one comma-separated list (RFC 9110 §5.3).
      const value = raw[i + 1]!;
      if (role === X_FORWARDED_FOR) xForwardedFor = join(xForwardedFor, value);
      else if (role === X_FORWARDED_PROTO) xForwardedProto = join(xForwardedProto, value);
      else if (role === X_FORWARDED_HOST) xForwardedHost = join(xForwardedHost, value);
      else if (role === X_FORWARDED_PORT) xForwardedPort = join(xForwardedPort, value);
    }
  }
  if (nominated !== undefined) removeNominatedFields(out, nominated);

  // Ours first: a backend that keeps only its first N fields (Node keeps 2,000) must not lose Host
  // or the forwarding fields to a client that sent N fields of its own.
  const fields: string[] = [];
  if (peer !== undefined) {
    appendUnlessOverridden(fields, overrides, "X-Forwarded-For", forwardedFor(xForwardedFor, peer, trusted));
    appendUnlessOverridden(fields, overrides, "X-Real-IP", realClientAddress(xForwardedFor, peer, trusted, plan.trustedProxies));
  }
  appendUnlessOverridden(fields, overrides, "X-Forwarded-Proto", xForwardedProto ?? context.scheme);
  appendUnlessOverridden(fields, overrides, "X-Forwarded-Host", xForwardedHost ?? context.authority);
  appendUnlessOverridden(fields, overrides, "X-Forwarded-Port", xForwardedPort ?? authorityPort(context.authority, context.scheme));
  appendUnlessOverridden(fields, overrides, "Host", context.host);
  for (const field of plan.requestHeaders) fields.push(field);
  for (const field of out) fields.push(field);
  return fields;
}

function join(list: string | undefined, value: string): string {
  return list === undefined ? value : `${list}, ${value}`;
}

function appendUnlessOverridden(out: string[], overrides: ReadonlySet<string>, name: string, value: string): void {
  if (overrides.size > 0 && overrides.has(name.toLowerCase())) return;
  out.push(name, value);
}
