import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { AppError, ZDomainPattern, type TCertificateUploadInput } from "@gatehouse/shared";
import { certificateFacts, pemCertificateBlocks, type TCertificateFacts } from "./pem.ts";

/** An uploaded certificate that passed every check, ready to store. */
export type TCheckedUpload = {
  /** Leaf, then the chain, as PEM. */
  certificatePem: string;
  /** The key as PKCS#8 PEM, whatever form it was uploaded in. */
  privateKeyPem: string;
  domains: string[];
  facts: TCertificateFacts;
};

type TUploadField = "certificatePem" | "chainPem" | "privateKeyPem";

function failedCheck(field: TUploadField, message: string): AppError {
  return new AppError("BAD_INPUT", message, { [field]: [message] });
}

const day = (date: Date) => date.toISOString().slice(0, 10);

function parseCertificates(text: string, field: TUploadField, what: string): X509Certificate[] {
  const blocks = pemCertificateBlocks(text);
  if (blocks.length === 0) {
    throw failedCheck(field, `The ${what} is not a PEM certificate: paste the text from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.`);
  }
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw failedCheck(field, `Certificate ${index + 1} of the ${what} is not a PEM certificate (it does not parse): paste it again as your CA sent it.`);
    }
  });
}

function parsePrivateKey(text: string): KeyObject {
  if (text.includes("ENCRYPTED")) {
    throw failedCheck(
      "privateKeyPem",
      "The private key is protected by a passphrase: remove it first (openssl pkey -in key.pem -out key-plain.pem) and paste that.",
    );
  }
  try {
    return createPrivateKey(text);
  } catch {
    throw failedCheck("privateKeyPem", "The private key is not a PEM private key: paste the text from -----BEGIN PRIVATE KEY----- to its END line.");
  }
}

/** Each certificate of the chain must have issued (and signed) the one before it: leaf, its issuer, ... */
function checkChainOrder(certificates: X509Certificate[], field: (index: number) => TUploadField): void {
  for (let index = 1; index < certificates.length; index++) {
    const issued = certificates[index - 1]!;
    const issuer = certificates[index]!;
    if (!issued.checkIssued(issuer) || !issued.verify(issuer.publicKey)) {
      throw failedCheck(
        field(index),
        `The chain is out of order: certificate ${index + 1} did not issue certificate ${index}. ` +
          "Paste the intermediates starting with the one that issued your certificate, as your CA's full chain lists them.",
      );
    }
  }
}

function checkValidNow(certificates: X509Certificate[], now: Date, field: (index: number) => TUploadField): void {
  certificates.forEach((certificate, index) => {
    const which = index === 0 ? "The certificate" : `Certificate ${index + 1} of the chain`;
    const validFrom = new Date(certificate.validFrom);
    const validTo = new Date(certificate.validTo);
    if (validTo < now) throw failedCheck(field(index), `${which} expired on ${day(validTo)}: renew it with your CA and upload the new one.`);
    if (validFrom > now) {
      throw failedCheck(field(index), `${which} is not valid until ${day(validFrom)}: check the date, or upload it once it is valid.`);
    }
  });
}

/** The DNS names of the leaf that are host domain patterns (IP addresses and odd names cannot name a host). */
function coveredDomains(facts: TCertificateFacts): string[] {
  const domains = facts.dnsNames.flatMap((name) => {
    const parsed = ZDomainPattern.safeParse(name);
    return parsed.success ? [parsed.data] : [];
  });
  if (domains.length === 0) {
    throw failedCheck("certificatePem", "The certificate names no DNS domain in its subjectAltName, so it cannot serve any host: ask your CA for one that does.");
  }
  return [...new Set(domains)];
}

/**
 * The checks an uploaded certificate passes before it is stored, each failure naming its check and
 * field: both texts parse, the key matches the leaf, the chain is in order, nothing is expired or not
 * yet valid, and the leaf names DNS domains. A full chain pasted into the certificate field is accepted.
 */
export function checkUpload(input: TCertificateUploadInput, now: Date): TCheckedUpload {
  const inCertificateField = parseCertificates(input.certificatePem, "certificatePem", "certificate");
  const chain = input.chainPem === "" ? [] : parseCertificates(input.chainPem, "chainPem", "chain");
  const leaf = inCertificateField[0]!;
  const privateKey = parsePrivateKey(input.privateKeyPem);
  if (!leaf.checkPrivateKey(privateKey)) {
    throw failedCheck("privateKeyPem", "The private key does not match the certificate: upload the key the certificate was requested with.");
  }
  const certificates = [...inCertificateField, ...chain];
  const fieldOf = (index: number): TUploadField => (index < inCertificateField.length ? "certificatePem" : "chainPem");
  checkChainOrder(certificates, fieldOf);
  checkValidNow(certificates, now, fieldOf);
  const facts = certificateFacts(leaf);
  return {
    certificatePem: certificates.map((certificate) => certificate.toString()).join(""),
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    domains: coveredDomains(facts),
    facts,
  };
}
