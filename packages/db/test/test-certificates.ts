import { randomBytes, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

type TKeyPair = webcrypto.CryptoKeyPair;

const ECDSA_P256 = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 24 * 60 * 60_000;

export type TTestCertificate = {
  certificate: x509.X509Certificate;
  keys: TKeyPair;
  certificatePem: string;
  privateKeyPem: string;
};

type TIssueOptions = {
  /** Names for the subjectAltName (none: a CA or a certificate without DNS names). */
  domains?: string[];
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  ca?: boolean;
};

function serialNumber(): string {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  return serial.toString("hex");
}

async function finish(certificate: x509.X509Certificate, keys: TKeyPair): Promise<TTestCertificate> {
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { certificate, keys, certificatePem: certificate.toString("pem") + "\n", privateKeyPem: x509.PemConverter.encode(pkcs8, "PRIVATE KEY") };
}

function extensions(options: TIssueOptions): x509.Extension[] {
  const list: x509.Extension[] = [new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true)];
  if (options.domains) list.push(new x509.SubjectAlternativeNameExtension(options.domains.map((value) => ({ type: "dns" as const, value }))));
  return list;
}

const validity = (options: TIssueOptions) => ({
  notBefore: options.notBefore ?? new Date(Date.now() - DAY_MS),
  notAfter: options.notAfter ?? new Date(Date.now() + 89 * DAY_MS),
});

/** A throwaway root CA (ECDSA P-256), made in memory. */
export async function testRoot(commonName = "Gatehouse Test Root"): Promise<TTestCertificate> {
  const keys = await webcrypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${commonName}`,
    ...validity({}),
    signingAlgorithm: ECDSA_P256,
    keys,
    extensions: extensions({ ca: true }),
  });
  return finish(certificate, keys);
}

/** A certificate `issuer` signed: an intermediate (ca: true) or a server certificate for `domains`. */
export async function issueTestCertificate(issuer: TTestCertificate, options: TIssueOptions): Promise<TTestCertificate> {
  const keys = await webcrypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${options.commonName ?? options.domains?.[0] ?? "Gatehouse Test Intermediate"}`,
    issuer: issuer.certificate.subject,
    ...validity(options),
    signingAlgorithm: ECDSA_P256,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: extensions(options),
  });
  return finish(certificate, keys);
}
