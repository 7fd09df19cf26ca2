import { createPrivateKey, randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/** A certificate and its key, PEM. */
export interface TKeyPair {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

/**
 * What every serving process of one node shares for TLS, made once at start (by the primary in
 * cluster mode and sent to each worker), so a client sees the same node whichever worker the
 * kernel hands its connection to.
 */
export interface TTlsIdentity {
  /** Served for names no host has a certificate for (unless the snapshot says refuse). */
  readonly defaultCertificate: TKeyPair;
  /** Session ticket keys (48 bytes): a ticket issued by one worker resumes on another. */
  readonly ticketKeys: Uint8Array;
}

/** Ten years: it is never trusted anyway, and a default certificate that expires only adds a different warning. */
const DEFAULT_CERTIFICATE_DAYS = 3650;
const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

// The library is typed against the DOM's Crypto; Node's webcrypto is the same API.
x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

export async function createTlsIdentity(): Promise<TTlsIdentity> {
  return { defaultCertificate: await createDefaultCertificate(), ticketKeys: randomBytes(48) };
}

/**
 * A self-signed ECDSA P-256 certificate for the unknown-SNI case, made in memory at every start (a
 * fresh key each time, never written to disk). It names `gatehouse.invalid` (RFC 6761), so it can
 * never be mistaken for a real site's certificate.
 */
export async function createDefaultCertificate(): Promise<TKeyPair> {
  const keys = await webcrypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    // A leading 01 keeps the random serial positive (RFC 5280 §4.1.2.2).
    serialNumber: `01${randomBytes(15).toString("hex")}`,
    name: "CN=Gatehouse default certificate, O=Gatehouse",
    notBefore,
    notAfter: new Date(notBefore.getTime() + DEFAULT_CERTIFICATE_DAYS * 24 * 3600 * 1000),
    keys: keys as webcrypto.CryptoKeyPair,
    signingAlgorithm: ECDSA_P256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: "gatehouse.invalid" }]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", (keys as webcrypto.CryptoKeyPair).privateKey));
  const privateKeyPem = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }) as string;
  return { certificatePem: certificate.toString("pem"), privateKeyPem };
}
