import type { THsts, TProxyHostTls } from "@gatehouse/shared";

/** What a host's TLS settings change in how its requests are answered, compiled once per snapshot. */
export interface THostTls {
  /** Plain-HTTP requests get a 308 to https:// (ACME challenges are answered before this). */
  readonly forceHttps: boolean;
  /** The Strict-Transport-Security value for its HTTPS answers; undefined without HSTS. */
  readonly hsts: string | undefined;
}

/**
 * Only a host with a certificate is redirected or pinned to HTTPS: one still waiting for its first
 * certificate would otherwise send browsers to a handshake that fails (the control plane clears
 * both too; this keeps the edge safe whatever it is sent).
 */
export function compileHostTls(tls: TProxyHostTls): THostTls {
  if (tls.certificateId === null) return { forceHttps: false, hsts: undefined };
  return { forceHttps: tls.forceHttps, hsts: tls.hsts === null ? undefined : hstsValue(tls.hsts) };
}

/** RFC 6797 §6.1; `preload` is the hstspreload.org convention. */
export function hstsValue(hsts: THsts): string {
  let value = `max-age=${hsts.maxAgeSeconds}`;
  if (hsts.includeSubDomains) value += "; includeSubDomains";
  if (hsts.preload) value += "; preload";
  return value;
}
