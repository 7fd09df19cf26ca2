import { listTokens, type THeaderFields } from "./header-fields.ts";
import type { TRequestPass, TResponsePass } from "./header-pass.ts";

// RFC 9110 §7.6.1 plus the legacy names still seen in the wild (Keep-Alive, Proxy-Connection) and the
// proxy-authentication pair, which belongs to the hop that asked for it.
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "proxy-authenticate",
  "proxy-authorization",
]);

/**
 * Removes hop-by-hop fields and every field the Connection header nominates. Message framing
 * (Transfer-Encoding) is re-done by our own server and client, which is also why a smuggled
 * `Transfer-Encoding` never reaches the next hop.
 */
export function stripHopByHop(fields: THeaderFields): void {
  for (const nominated of listTokens(fields, "connection")) fields.delete(nominated);
  for (const name of HOP_BY_HOP_HEADERS) fields.delete(name);
}

export const hopByHopPass: TRequestPass & TResponsePass = {
  name: "hop-by-hop",
  apply: stripHopByHop,
};
