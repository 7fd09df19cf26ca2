import type { SecureContextOptions } from "node:tls";

/**
 * TLS 1.2 and 1.3 only, AEAD ciphers with ECDHE key exchange only: no CBC, no RSA key exchange, no
 * DHE (Mozilla's "intermediate" profile without its DHE suites). TLS 1.3 suites are all AEAD with
 * (EC)DHE by design, so only the 1.2 list needs choosing. The server's order wins, so a client that
 * lists a weaker suite first still gets the strongest one both support.
 */
export const TLS12_CIPHERS = [
  "ECDHE-ECDSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-GCM-SHA256",
  "ECDHE-ECDSA-AES256-GCM-SHA384",
  "ECDHE-RSA-AES256-GCM-SHA384",
  "ECDHE-ECDSA-CHACHA20-POLY1305",
  "ECDHE-RSA-CHACHA20-POLY1305",
] as const;

export const TLS13_CIPHERSUITES = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"] as const;

/**
 * The options every secure context of the HTTPS listener is made with (the listener's own and one
 * per certificate): OpenSSL keeps the cipher list of the context a handshake started on, so the SNI
 * contexts carry the same policy rather than trusting that detail.
 */
export const TLS_POLICY: Readonly<SecureContextOptions> = Object.freeze({
  minVersion: "TLSv1.2",
  maxVersion: "TLSv1.3",
  // Node takes the TLS 1.3 suites in the same list and hands them to OpenSSL separately.
  ciphers: [...TLS13_CIPHERSUITES, ...TLS12_CIPHERS].join(":"),
  honorCipherOrder: true,
  ecdhCurve: "X25519:P-256:P-384",
});
