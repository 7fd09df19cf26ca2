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

export function compileHeaderPlan(
  options: Pick<THostOptions, "requestHeaders" | "responseHeaders" | "hideServerHeaders">,
  trustedProxies: TTrustedProxies,
): THeaderPlan {
  const responseDrops = new Set(options.responseHeaders.map((edit) => edit.name.toLowerCase()));
  if (options.hideServerHeaders) for (const name of SERVER_HEADERS) responseDrops.add(name);
  return Object.freeze({
    trustedProxies,
    requestOverrides: new Set(options.requestHeaders.map((edit) => edit.name.toLowerCase())),
    requestHeaders: options.requestHeaders.flatMap((edit) => [edit.name, edit.value]),
    responseDrops,
    responseHeaders: options.responseHeaders.flatMap((edit) => [edit.name, edit.value]),
  });
}
