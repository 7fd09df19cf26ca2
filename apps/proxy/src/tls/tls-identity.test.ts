import { X509Certificate, createPrivateKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTlsIdentity } from "./tls-identity.ts";

describe("createTlsIdentity", () => {
  it("makes a self-signed ECDSA P-256 default certificate for gatehouse.invalid with its key, and 48 bytes of ticket keys", async () => {
    const identity = await createTlsIdentity();
    const certificate = new X509Certificate(identity.defaultCertificate.certificatePem);
    expect(certificate.subject).toContain("CN=Gatehouse default certificate");
    expect(certificate.subjectAltName).toBe("DNS:gatehouse.invalid");
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(identity.defaultCertificate.privateKeyPem))).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: "prime256v1" });
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now() + 365 * 24 * 3600 * 1000);
    expect(identity.ticketKeys).toHaveLength(48);
    expect((await createTlsIdentity()).defaultCertificate.certificatePem).not.toBe(identity.defaultCertificate.certificatePem);
  });
});
