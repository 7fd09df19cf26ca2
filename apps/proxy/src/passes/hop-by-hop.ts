// RFC 9110 §7.6.1 plus the legacy names still seen in the wild (Keep-Alive, Proxy-Connection), the
// proxy-authentication pair, which belongs to the hop that asked for it, and HTTP2-Settings (RFC 7540
// §3.2.1, the h2c upgrade's own field; an HTTP/2 response must not carry it). Lower-case, as compared.
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
  "http2-settings",
]);

/**
 * Collects the field names a Connection value nominates (RFC 9110 §7.6.1), lower-cased. `close`,
 * `keep-alive` and `upgrade` are left out: they name no field that is not already hop-by-hop, and
 * they are what nearly every Connection field says, so the common case allocates nothing.
 */
export function addConnectionTokens(value: string, into: string[] | undefined): string[] | undefined {
  const lower = value.toLowerCase();
  if (lower === "keep-alive" || lower === "close" || lower === "upgrade") return into;
  for (const token of lower.split(",")) {
    const name = token.trim();
    if (name.length === 0 || HOP_BY_HOP_HEADERS.has(name) || name === "close") continue;
    (into ??= []).push(name);
  }
  return into;
}

/** Removes, in place, the fields of a flat `[name, value, ...]` list whose lower-cased name is listed. */
export function removeNominatedFields(flat: string[], nominated: readonly string[]): void {
  let kept = 0;
  for (let i = 0; i < flat.length; i += 2) {
    if (nominated.includes(flat[i]!.toLowerCase())) continue;
    flat[kept] = flat[i]!;
    flat[kept + 1] = flat[i + 1]!;
    kept += 2;
  }
  flat.length = kept;
}
