import type { THeaderPlan } from "./header-plan.ts";
import { addConnectionTokens, HOP_BY_HOP_HEADERS, removeNominatedFields } from "./hop-by-hop.ts";

/** Response header fields as undici and node:http give them: lower-case names, repeats as arrays. */
export type TResponseHeaderFields = Readonly<Record<string, string | string[] | undefined>>;

/**
 * The header list sent to the client for an upstream response, as a flat list for `res.writeHead`:
 *   1. hop-by-hop: drop RFC 9110 §7.6.1 fields and what Connection nominates (Node's server frames
 *      the response itself: Content-Length is kept, chunking is redone);
 *   2. hide-server: drop Server and X-Powered-By when the host asks for it;
 *   3. custom response headers of the host: replace upstream fields of the same name.
 */
export function clientResponseHeaders(headers: TResponseHeaderFields, plan: THeaderPlan): string[] {
  const drops = plan.responseDrops;
  const out: string[] = [];
  let nominated: string[] | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (HOP_BY_HOP_HEADERS.has(name)) {
      if (name === "connection") {
        for (const item of Array.isArray(value) ? value : [value]) nominated = addConnectionTokens(item, nominated);
      }
      continue;
    }
    if (drops.size > 0 && drops.has(name)) continue;
    if (typeof value === "string") out.push(name, value);
    else for (const item of value) out.push(name, item);
  }
  if (nominated !== undefined) removeNominatedFields(out, nominated);
  for (const field of plan.responseHeaders) out.push(field);
  return out;
}

/**
 * The same passes over a raw response head (`[name, value, ...]`: Buffers from undici, strings from
 * Http1Pool), straight to the flat list: no header object, no arrays for repeats (a profiled 2-3 µs
 * per proxied response). Field names keep the backend's spelling; repeats keep their order.
 */
export function clientResponseHeadersRaw(raw: readonly Buffer[] | readonly string[], plan: THeaderPlan): string[] {
  const drops = plan.responseDrops;
  const out: string[] = [];
  let nominated: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = fieldText(raw[i]!);
    const lower = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(lower)) {
      if (lower === "connection") nominated = addConnectionTokens(fieldText(raw[i + 1]!), nominated);
      continue;
    }
    if (drops.size > 0 && drops.has(lower)) continue;
    out.push(name, fieldText(raw[i + 1]!));
  }
  if (nominated !== undefined) removeNominatedFields(out, nominated);
  for (const field of plan.responseHeaders) out.push(field);
  return out;
}

/**
 * A 101 Switching Protocols response: the same passes, then the two hop-by-hop fields the upgrade
 * itself needs (RFC 9110 §7.8), written by us rather than copied, so only `websocket` is ever agreed.
 */
export function clientUpgradeResponseHeaders(headers: TResponseHeaderFields, plan: THeaderPlan): string[] {
  const out = clientResponseHeaders(headers, plan);
  out.push("Connection", "Upgrade", "Upgrade", "websocket");
  return out;
}

function fieldText(field: Buffer | string): string {
  return typeof field === "string" ? field : field.toString("latin1");
}
