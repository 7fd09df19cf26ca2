import { createPrivateKey, randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/** Issued before "now" by this much, so a proxy whose clock runs a little behind already accepts it. */
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * A self-signed server certificate (ECDSA P-256) for internal names no public CA signs: browsers
 * warn unless the certificate is trusted by hand, which is what the user asked for.
 */
export async function generateSelfSigned(domains: string[], validityDays: number, now: Date): Promise<{ certificatePem: string; privateKeyPem: string }> {
  const keys = await webcrypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  // A positive 128-bit serial (RFC 5280 §4.1.2.2): the top bit clear.
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  // @peculiar/x509 signs with Node's global WebCrypto (globalThis.crypto), the same one as these keys.
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString("hex"),
    name: [{ CN: [domains[0]!] }],
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + validityDays * DAY_MS),
    signingAlgorithm: ECDSA_P256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(domains.map((domain) => ({ type: "dns" as const, value: domain }))),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const privateKeyPem = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }).toString();
  return { certificatePem: certificate.toString("pem") + "\n", privateKeyPem };
}
