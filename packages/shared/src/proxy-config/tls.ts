import { z } from "zod";
import { ZDomainPattern } from "../domain-pattern.ts";

/** HSTS as the proxy sends it on HTTPS responses of a host (RFC 6797). */
export const ZHsts = z.object({
  maxAgeSeconds: z.number().int().min(0).max(63_072_000),
  includeSubDomains: z.boolean().default(false),
  preload: z.boolean().default(false),
});

/**
 * A host's TLS as the proxy applies it. `certificateId` null: no certificate yet (or HTTPS off); the
 * host is then served over HTTP only, and forceHttps/hsts are never set (the compiler clears them), so
 * a host waiting for its first certificate is not redirected to an HTTPS that would fail.
 */
export const ZProxyHostTls = z.object({
  certificateId: z.string().min(1).nullable().default(null),
  /** Answer plain-HTTP requests with a 308 to https:// (ACME challenges excepted). */
  forceHttps: z.boolean().default(false),
  hsts: ZHsts.nullable().default(null),
});

/** A certificate the proxy can serve: leaf first, then its chain, and the matching private key (PEM). */
export const ZProxyCertificate = z.object({
  id: z.string().min(1),
  /** Names the certificate covers (its subjectAltNames), for logs and checks; SNI picks by host domain. */
  domains: z.array(ZDomainPattern).min(1),
  certificatePem: z.string().includes("-----BEGIN CERTIFICATE-----").max(65_536),
  privateKeyPem: z.string().includes("PRIVATE KEY-----").max(16_384),
});

/** An HTTP-01 challenge every proxy node answers at /.well-known/acme-challenge/<token>, for any Host. */
export const ZAcmeChallengeToken = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "An ACME token is base64url."),
  keyAuthorization: z.string().regex(/^[A-Za-z0-9_.-]{16,512}$/, "A key authorization is token.thumbprint in base64url."),
});

/** What the HTTPS listener does when the client's SNI names no host with a certificate. */
export const UNKNOWN_SNI_BEHAVIORS = ["default-certificate", "refuse"] as const;
export const ZUnknownSni = z.enum(UNKNOWN_SNI_BEHAVIORS);

export type THsts = z.infer<typeof ZHsts>;
export type TProxyHostTls = z.infer<typeof ZProxyHostTls>;
export type TProxyCertificate = z.infer<typeof ZProxyCertificate>;
export type TAcmeChallengeToken = z.infer<typeof ZAcmeChallengeToken>;
export type TUnknownSni = z.infer<typeof ZUnknownSni>;
