import { normalizeHost } from "./router.ts";

export type TRequestTarget =
  | {
      ok: true;
      /** The authority the client asked for, verbatim: what the backend receives as Host. */
      authority: string;
      /** Normalized routing key (see normalizeHost). */
      host: string;
      /** Origin-form path and query, forwarded byte for byte. */
      path: string;
    }
  | { ok: false; code: "BAD_HOST" | "BAD_REQUEST_TARGET" };

const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)([^#]*)/i;

/**
 * Works out which site a request is for. RFC 9112 §3.2: more than one Host field, or an invalid one,
 * is a 400; with an absolute-form target the target's authority wins over Host (§3.2.2), which Node
 * does not do for us. Asterisk- and authority-form targets have nothing to route to here.
 */
export function resolveRequestTarget(url: string, hostFields: readonly string[] | undefined): TRequestTarget {
  if (hostFields !== undefined && hostFields.length > 1) return { ok: false, code: "BAD_HOST" };
  const hostField = hostFields?.[0];
  if (hostField !== undefined && normalizeHost(hostField) === undefined) return { ok: false, code: "BAD_HOST" };

  if (url.startsWith("/")) {
    if (hostField === undefined) return { ok: false, code: "BAD_HOST" };
    return { ok: true, authority: hostField, host: normalizeHost(hostField)!, path: url };
  }
  const absolute = ABSOLUTE_FORM.exec(url);
  if (!absolute) return { ok: false, code: "BAD_REQUEST_TARGET" };
  const [, authority, rest] = absolute;
  const host = normalizeHost(authority!);
  if (host === undefined) return { ok: false, code: "BAD_HOST" };
  const path = rest!.startsWith("/") ? rest! : `/${rest!}`;
  return { ok: true, authority: authority!, host, path };
}
