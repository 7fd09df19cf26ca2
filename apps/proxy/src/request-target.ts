import { normalizeHost } from "./router.ts";

export type TRequestTarget =
  | {
      ok: true;
      /** The authority the client asked for, verbatim: Host, or the authority of an absolute-form target. */
      authority: string;
      /** Normalized routing key (see normalizeHost). */
      host: string;
      /** Origin-form path and query, forwarded byte for byte. */
      path: string;
    }
  | { ok: false; code: "BAD_HOST" | "BAD_REQUEST_TARGET" | "AMBIGUOUS_REQUEST" };

const ABSOLUTE_FORM = /^(https?):\/\/([^/?#]*)(.*)$/i;
const DEFAULT_PORTS: Record<string, string> = { http: "80", https: "443" };

/**
 * Works out which site a request is for (RFC 9112 §3.2). Refused: an invalid Host (spaces, userinfo,
 * a path: see normalizeHost); an absolute-form target whose authority is not the Host (§3.2.2 says
 * the target wins, but a backend or a proxy in front of us may route by Host, so the two must agree);
 * asterisk- and authority-form targets, which have nothing to route to; and paths a backend could
 * read differently from our location match (see isAmbiguousPath). The guard (request-guard.ts)
 * has already refused a second Host field.
 */
export function resolveRequestTarget(url: string, hostField: string | undefined): TRequestTarget {
  if (url.startsWith("/")) {
    if (hostField === undefined) return { ok: false, code: "BAD_HOST" };
    const host = normalizeHost(hostField);
    if (host === undefined) return { ok: false, code: "BAD_HOST" };
    if (isAmbiguousPath(url)) return { ok: false, code: "AMBIGUOUS_REQUEST" };
    return { ok: true, authority: hostField, host, path: url };
  }
  const absolute = ABSOLUTE_FORM.exec(url);
  if (!absolute) return { ok: false, code: "BAD_REQUEST_TARGET" };
  const [, scheme, authority, rest] = absolute as unknown as [string, string, string, string];
  const host = normalizeHost(authority);
  if (host === undefined) return { ok: false, code: "BAD_HOST" };
  // HTTP/1.0 may omit Host; when present it must name the same origin (ports compared after defaults).
  if (hostField !== undefined && !sameAuthority(authority, hostField, scheme.toLowerCase())) {
    return { ok: false, code: "AMBIGUOUS_REQUEST" };
  }
  const path = rest.startsWith("/") ? rest : `/${rest}`;
  if (isAmbiguousPath(path)) return { ok: false, code: "AMBIGUOUS_REQUEST" };
  return { ok: true, authority, host, path };
}

function sameAuthority(a: string, b: string, scheme: string): boolean {
  return normalizeHost(b) === normalizeHost(a) && authorityPort(a, scheme) === authorityPort(b, scheme);
}

/** The port of an authority, or the scheme's default when it names none (also for X-Forwarded-Port). */
export function authorityPort(authority: string, scheme: string): string {
  const colon = authority.lastIndexOf(":");
  // A colon inside `[...]` belongs to an IPv6 literal, not to a port.
  if (colon === -1 || colon < authority.lastIndexOf("]")) return DEFAULT_PORTS[scheme]!;
  return String(Number(authority.slice(colon + 1)));
}

const ENCODED_SEPARATORS = /%(?:2e|2f|5c|00)/gi;
const DECODED: Record<string, string> = { "%2e": ".", "%2f": "/", "%5c": "\\", "%00": "\0" };

/**
 * A fragment (never part of a request target), a backslash (read as `/` by some servers), NUL, or a
 * `.`/`..` segment, also percent-encoded (`/x/%2e%2e/admin`): the backend may normalize these into
 * another path than the one our location match saw, e.g. past a location that answers 403.
 * Browsers resolve dot segments before sending, so honest clients never send them.
 */
export function isAmbiguousPath(target: string): boolean {
  const query = target.indexOf("?");
  let path = query === -1 ? target : target.slice(0, query);
  if (target.includes("#") || path.includes("\\")) return true;
  // Fast path: most paths have neither a dot right after a slash nor an escape.
  if (!path.includes("/.") && !path.includes("%")) return false;
  path = path.replace(ENCODED_SEPARATORS, (escape) => DECODED[escape.toLowerCase()]!);
  if (path.includes("\\") || path.includes("\0")) return true;
  for (const segment of path.split("/")) {
    if (segment === "." || segment === "..") return true;
  }
  return false;
}

