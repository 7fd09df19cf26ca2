import { X509Certificate } from "node:crypto";
import { AppError } from "@gatehouse/shared";

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The PEM certificate blocks of a text, in order (leaf first in a full chain). */
export function pemCertificateBlocks(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? [];
}

/** What the database keeps about a certificate besides its PEM. */
export type TCertificateFacts = {
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** The DNS names of its subjectAltName, lowercased (IP address entries are not host domains). */
  dnsNames: string[];
};

export function certificateFacts(certificate: X509Certificate): TCertificateFacts {
  const dnsNames = (certificate.subjectAltName ?? "")
    .split(", ")
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice("DNS:".length).toLowerCase());
  return {
    // "C=US\nO=Let's Encrypt\nCN=R11" -> "C=US, O=Let's Encrypt, CN=R11"
    issuer: certificate.issuer.split("\n").join(", "),
    serialNumber: certificate.serialNumber,
    notBefore: new Date(certificate.validFrom),
    notAfter: new Date(certificate.validTo),
    dnsNames,
  };
}

/** Facts of the first certificate (the leaf) of a PEM chain. */
export function leafFacts(chainPem: string): TCertificateFacts {
  const [leaf] = pemCertificateBlocks(chainPem);
  if (leaf === undefined) throw new AppError("INTERNAL", "The issued certificate chain holds no PEM certificate.");
  return certificateFacts(new X509Certificate(leaf));
}

/** ACME certificates are renewed when a third of their lifetime remains (90 days: 30 days before expiry). */
export function renewalTime(notBefore: Date, notAfter: Date): Date {
  const lifetime = notAfter.getTime() - notBefore.getTime();
  return new Date(notAfter.getTime() - lifetime / 3);
}
