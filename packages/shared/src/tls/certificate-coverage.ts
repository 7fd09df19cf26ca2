/**
 * Whether a certificate name covers a host domain, by the TLS rules (RFC 6125 §6.4.3): an exact name
 * covers itself; `*.example.com` covers exactly one more label (`a.example.com`, not `example.com` or
 * `a.b.example.com`), and a host's own wildcard `*.example.com` is covered only by that same wildcard.
 * Names are compared lowercased (domain patterns are normalized on input).
 */
export function nameCovers(certificateName: string, hostDomain: string): boolean {
  if (certificateName === hostDomain) return true;
  if (!certificateName.startsWith("*.") || hostDomain.startsWith("*.")) return false;
  const dot = hostDomain.indexOf(".");
  return dot > 0 && hostDomain.slice(dot + 1) === certificateName.slice(2);
}

/** The host domains none of the certificate's names cover (empty: the certificate fits the host). */
export function uncoveredDomains(certificateNames: readonly string[], hostDomains: readonly string[]): string[] {
  return hostDomains.filter((domain) => !certificateNames.some((name) => nameCovers(name, domain)));
}
