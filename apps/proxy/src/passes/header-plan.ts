import type { THostOptions } from "@gatehouse/shared";
import type { TTrustedProxies } from "./trusted-proxies.ts";

/**
 * Everything the header passes need to know about one host, compiled once per snapshot so a request
 * pays only for lookups: lower-cased name sets and the configured fields as flat lists.
 */
export interface THeaderPlan {
  readonly trustedProxies: TTrustedProxies;
  /** Lower-cased names of the configured request headers: incoming fields of these names are replaced. */
  readonly requestOverrides: ReadonlySet<string>;
  /** Configured request headers as `[name, value, ...]`, appended last. */
  readonly requestHeaders: readonly string[];
  /** Lower-cased names removed from every upstream response (configured names, Server/X-Powered-By). */
  readonly responseDrops: ReadonlySet<string>;
  readonly responseHeaders: readonly string[];
}

const SERVER_HEADERS = ["server", "x-powered-by"];
const HSTS = "strict-transport-security";

/**
 * `hsts` is the Strict-Transport-Security value for the host's HTTPS plan (undefined for its HTTP
 * plan, RFC 6797 §7.2: never over plain HTTP); it replaces the backend's and a custom header's.
 */
export function compileHeaderPlan(
  options: Pick<THostOptions, "requestHeaders" | "responseHeaders" | "hideServerHeaders">,
  trustedProxies: TTrustedProxies,
  hsts?: string,
): THeaderPlan {
  const responseEdits = hsts === undefined ? options.responseHeaders : options.responseHeaders.filter((edit) => edit.name.toLowerCase() !== HSTS);
  const responseDrops = new Set(responseEdits.map((edit) => edit.name.toLowerCase()));
  if (options.hideServerHeaders) for (const name of SERVER_HEADERS) responseDrops.add(name);
  const responseHeaders = responseEdits.flatMap((edit) => [edit.name, edit.value]);
  if (hsts !== undefined) {
    responseDrops.add(HSTS);
    responseHeaders.push("Strict-Transport-Security", hsts);
  }
  return Object.freeze({
    trustedProxies,
    requestOverrides: new Set(options.requestHeaders.map((edit) => edit.name.toLowerCase())),
    requestHeaders: options.requestHeaders.flatMap((edit) => [edit.name, edit.value]),
    responseDrops,
    responseHeaders,
  });
}
