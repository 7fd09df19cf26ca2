import { createSecureContext, type SecureContext } from "node:tls";
import type { TProxyConfig, TProxyCertificate } from "@gatehouse/shared";
import type { Logger } from "pino";
import { compileHostIndex, findHost, type THostIndex } from "../router.ts";
import { TLS_POLICY } from "./tls-policy.ts";

/** Server name -> secure context, with the same exact-then-wildcard lookup as Host routing. */
export type TSniIndex = THostIndex<SecureContext>;

/**
 * Secure contexts by certificate id, kept across snapshots while the certificate's PEM is the same:
 * building one parses the key and chain (about a millisecond for RSA), and a snapshot with a
 * thousand unchanged certificates should not pay that on every swap. A renewed certificate keeps its
 * id and gets a new context.
 */
export class SecureContextCache {
  readonly #entries = new Map<string, { certificatePem: string; privateKeyPem: string; context: SecureContext }>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /** Undefined when OpenSSL refuses the pair (a key that does not match): logged, and its hosts get the default certificate. */
  contextFor(certificate: TProxyCertificate): SecureContext | undefined {
    const cached = this.#entries.get(certificate.id);
    if (cached !== undefined && cached.certificatePem === certificate.certificatePem && cached.privateKeyPem === certificate.privateKeyPem) {
      return cached.context;
    }
    try {
      const context = secureContextOf(certificate.certificatePem, certificate.privateKeyPem);
      this.#entries.set(certificate.id, { certificatePem: certificate.certificatePem, privateKeyPem: certificate.privateKeyPem, context });
      return context;
    } catch (error) {
      this.#logger.error(
        { certificateId: certificate.id, domains: certificate.domains, reason: (error as Error).message },
        "certificate cannot be served: its hosts get the default certificate until it is replaced",
      );
      return undefined;
    }
  }

  /** Lets go of certificates the newest snapshot no longer carries (their keys leave memory with them). */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.#entries.keys()) if (!ids.has(id)) this.#entries.delete(id);
  }
}

export function secureContextOf(certificatePem: string, privateKeyPem: string): SecureContext {
  return createSecureContext({ ...TLS_POLICY, cert: certificatePem, key: privateKeyPem });
}

/** Each domain of a host that has a certificate in the snapshot -> that certificate's context. */
export function compileSniIndex(config: TProxyConfig, cache: SecureContextCache): TSniIndex {
  const byId = new Map(config.certificates.map((certificate) => [certificate.id, certificate]));
  const hosts: Array<{ domains: readonly string[]; route: SecureContext }> = [];
  for (const host of config.hosts) {
    const certificate = host.tls.certificateId === null ? undefined : byId.get(host.tls.certificateId);
    const context = certificate === undefined ? undefined : cache.contextFor(certificate);
    if (context !== undefined) hosts.push({ domains: host.domains, route: context });
  }
  cache.retain(new Set(byId.keys()));
  return compileHostIndex(hosts);
}

/** `serverName` as the client sent it in SNI; names are compared lower-case, without a trailing dot. */
export function findCertificate(index: TSniIndex, serverName: string): SecureContext | undefined {
  const name = serverName.toLowerCase();
  return findHost(index, name.endsWith(".") ? name.slice(0, -1) : name);
}
