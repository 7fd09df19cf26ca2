import { createPrivateKey, X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost } from "../../test/host-inputs.ts";
import { rejection } from "../../test/rejection.ts";
import { testBox } from "../../test/secret-box.ts";
import { issueTestCertificate, testRoot, type TTestCertificate } from "../../test/test-certificates.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import { currentRevision } from "../revision.ts";
import { orgCertificates } from "./org-certificates.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

const DAY_MS = 24 * 60 * 60_000;

let temp: TTempDb;
let organizationId: string;
let root: TTestCertificate;
let intermediate: TTestCertificate;
let leaf: TTestCertificate;

beforeAll(async () => {
  temp = await migratedTempDb();
  organizationId = await insertOrganization(temp.db, "alpha");
  root = await testRoot();
  intermediate = await issueTestCertificate(root, { ca: true, commonName: "Gatehouse Test Intermediate" });
  leaf = await issueTestCertificate(intermediate, { domains: ["shop.example.com", "*.shop.example.com"] });
});

afterAll(async () => {
  await temp.close();
});

const certificates = () => orgCertificates(temp.db, organizationId, testBox, TEST_ACTOR);

/** The upload of `leaf` with its chain; a test overrides the part it breaks. */
function upload(overrides: Partial<{ name: string; certificatePem: string; chainPem: string; privateKeyPem: string }> = {}) {
  return { certificatePem: leaf.certificatePem, chainPem: intermediate.certificatePem + root.certificatePem, privateKeyPem: leaf.privateKeyPem, ...overrides };
}

async function uploadFailure(overrides: Parameters<typeof upload>[0]) {
  const before = await temp.db.certificate.count({ where: { organizationId } });
  const error = await rejection(certificates().upload(upload(overrides)));
  expect(error.code).toBe("BAD_INPUT");
  expect(await temp.db.certificate.count({ where: { organizationId } })).toBe(before);
  return error;
}

describe("orgCertificates.upload", () => {
  it("stores a checked certificate with its chain, the key sealed, and a view without the key", async () => {
    const view = await certificates().upload(upload({ name: "Shop wildcard" }));

    expect(view).toMatchObject({
      name: "Shop wildcard",
      source: "uploaded",
      status: "issued",
      domains: ["shop.example.com", "*.shop.example.com"],
      issuer: "CN=Gatehouse Test Intermediate",
      serialNumber: new X509Certificate(leaf.certificatePem).serialNumber,
      notAfter: new Date(new X509Certificate(leaf.certificatePem).validTo),
      renewAt: null,
      lastError: null,
      hostCount: 0,
    });
    expect(JSON.stringify(view)).not.toContain("PRIVATE KEY");
    const detail = await certificates().get(view.id);
    expect(JSON.stringify(detail)).not.toContain("PRIVATE KEY");
    expect(detail.certificatePem).toBe(leaf.certificatePem + intermediate.certificatePem + root.certificatePem);
    const row = await temp.db.certificate.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.privateKeyEncrypted).toMatch(/^v1\./);
    const key = testBox.open(row.privateKeyEncrypted!);
    expect(new X509Certificate(leaf.certificatePem).checkPrivateKey(createPrivateKey(key))).toBe(true);
  });

  it("accepts a full chain pasted into the certificate field and names the certificate after its first domain", async () => {
    const view = await certificates().upload(upload({ certificatePem: leaf.certificatePem + intermediate.certificatePem, chainPem: "" }));

    expect(view.name).toBe("shop.example.com");
    expect((await certificates().get(view.id)).certificatePem).toBe(leaf.certificatePem + intermediate.certificatePem);
  });

  it("refuses text that is not a PEM certificate", async () => {
    const error = await uploadFailure({ certificatePem: "hello" });
    expect(error.fieldErrors?.certificatePem?.[0]).toMatch(/not a PEM certificate/);

    const garbled = leaf.certificatePem.replace(/\n[A-Za-z0-9+/]{10}/, "\n!!!!!!!!!!");
    expect((await uploadFailure({ certificatePem: garbled })).fieldErrors?.certificatePem?.[0]).toMatch(/not a PEM certificate/);
    expect((await uploadFailure({ chainPem: "intermediate" })).fieldErrors?.chainPem?.[0]).toMatch(/chain is not a PEM certificate/);
    expect((await uploadFailure({ privateKeyPem: "key" })).fieldErrors?.privateKeyPem?.[0]).toMatch(/not a PEM private key/);
  });

  it("refuses a private key that does not match the certificate", async () => {
    const error = await uploadFailure({ privateKeyPem: intermediate.privateKeyPem });

    expect(error.fieldErrors).toEqual({ privateKeyPem: [expect.stringMatching(/^The private key does not match the certificate/)] });
  });

  it("refuses a chain out of order, naming the pair", async () => {
    const error = await uploadFailure({ chainPem: root.certificatePem + intermediate.certificatePem });
    expect(error.fieldErrors).toEqual({ chainPem: [expect.stringMatching(/^The chain is out of order: certificate 2 did not issue certificate 1/)] });

    const otherIntermediate = await issueTestCertificate(root, { ca: true, commonName: "Gatehouse Test Intermediate" });
    const sameNameOtherKey = await uploadFailure({ chainPem: otherIntermediate.certificatePem });
    expect(sameNameOtherKey.fieldErrors?.chainPem?.[0]).toMatch(/certificate 2 did not issue certificate 1/);
  });

  it("refuses an expired or not yet valid certificate, with the date", async () => {
    const expired = await issueTestCertificate(intermediate, {
      domains: ["old.example.com"],
      notBefore: new Date(Date.UTC(2020, 0, 1)),
      notAfter: new Date(Date.UTC(2020, 3, 1)),
    });
    const early = await issueTestCertificate(intermediate, { domains: ["new.example.com"], notBefore: new Date(Date.now() + 10 * DAY_MS) });

    const expiredError = await uploadFailure({ certificatePem: expired.certificatePem, privateKeyPem: expired.privateKeyPem });
    const earlyError = await uploadFailure({ certificatePem: early.certificatePem, privateKeyPem: early.privateKeyPem });

    expect(expiredError.fieldErrors?.certificatePem?.[0]).toMatch(/^The certificate expired on 2020-04-01/);
    expect(earlyError.fieldErrors?.certificatePem?.[0]).toMatch(/^The certificate is not valid until \d{4}-\d{2}-\d{2}/);
  });

  it("refuses an expired intermediate in the chain", async () => {
    const oldIntermediate = await issueTestCertificate(root, { ca: true, notBefore: new Date(Date.UTC(2020, 0, 1)), notAfter: new Date(Date.UTC(2021, 0, 1)) });
    const child = await issueTestCertificate(oldIntermediate, { domains: ["child.example.com"] });

    const error = await uploadFailure({ certificatePem: child.certificatePem, chainPem: oldIntermediate.certificatePem, privateKeyPem: child.privateKeyPem });

    expect(error.fieldErrors?.chainPem?.[0]).toMatch(/^Certificate 2 of the chain expired on 2021-01-01/);
  });

  it("refuses a certificate that names no DNS domain", async () => {
    const nameless = await issueTestCertificate(intermediate, { commonName: "no names" });

    const error = await uploadFailure({ certificatePem: nameless.certificatePem, privateKeyPem: nameless.privateKeyPem });

    expect(error.fieldErrors?.certificatePem?.[0]).toMatch(/names no DNS domain/);
  });
});

describe("orgCertificates.createSelfSigned", () => {
  it("makes an ECDSA P-256 certificate for the names, valid for the days asked, its key sealed", async () => {
    const view = await certificates().createSelfSigned({ domains: ["Intranet.Example.LAN", "*.intranet.example.lan"], validityDays: 30 });

    expect(view).toMatchObject({ name: "intranet.example.lan", source: "self-signed", status: "issued", domains: ["intranet.example.lan", "*.intranet.example.lan"] });
    const { certificatePem } = await certificates().get(view.id);
    const certificate = new X509Certificate(certificatePem!);
    expect(certificate.subjectAltName).toBe("DNS:intranet.example.lan, DNS:*.intranet.example.lan");
    expect(certificate.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: "prime256v1" });
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    const lifetimeDays = (view.notAfter!.getTime() - Date.now()) / DAY_MS;
    expect(lifetimeDays).toBeGreaterThan(29.9);
    expect(lifetimeDays).toBeLessThanOrEqual(30);
    const row = await temp.db.certificate.findUniqueOrThrow({ where: { id: view.id } });
    expect(certificate.checkPrivateKey(createPrivateKey(testBox.open(row.privateKeyEncrypted!)))).toBe(true);
  });

  it("parses its input at this boundary", async () => {
    const error = await rejection(certificates().createSelfSigned({ domains: ["bad domain"] }));

    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(["domains"]);
  });
});

describe("orgCertificates scoping, delete and renewal", () => {
  it("answers NOT_FOUND for another organization's certificate and lists only its own", async () => {
    const other = orgCertificates(temp.db, await insertOrganization(temp.db, "other"), testBox, TEST_ACTOR);
    const theirs = await other.createSelfSigned({ domains: ["theirs.example.com"] });

    for (const attempt of [certificates().get(theirs.id), certificates().delete(theirs.id), certificates().requestRenewal(theirs.id)]) {
      const error = await rejection(attempt);
      expect(error.code).toBe("NOT_FOUND");
      expect(error.message).not.toContain("theirs");
    }
    expect((await certificates().list()).map((view) => view.id)).not.toContain(theirs.id);
    expect((await other.list()).map((view) => view.id)).toEqual([theirs.id]);
  });

  it("refuses to delete a certificate a host uses, naming the host, and deletes it once unused", async () => {
    const view = await certificates().createSelfSigned({ domains: ["*.used.example.com"] });
    const hosts = orgHosts(temp.db, organizationId, TEST_ACTOR);
    const host = await hosts.create({ ...backendHost(["a.used.example.com"]), tls: { mode: "certificate", certificateId: view.id } });

    const error = await rejection(certificates().delete(view.id));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("This certificate is used by host a.used.example.com; change that host first.");
    expect((await certificates().get(view.id)).hosts).toEqual([{ id: host.id, domains: ["a.used.example.com"] }]);
    expect((await certificates().list()).find((entry) => entry.id === view.id)?.hostCount).toBe(1);

    await hosts.update(host.id, backendHost(["a.used.example.com"]));
    await certificates().delete(view.id);
    expect(await rejection(certificates().get(view.id))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("renews ACME certificates on request, and only those", async () => {
    const host = await orgHosts(temp.db, organizationId, TEST_ACTOR).create({ ...backendHost(["renew.example.com"]), tls: { mode: "automatic" } });
    const certificateId = host.tls.certificateId!;
    await temp.db.certificate.update({ where: { id: certificateId }, data: { nextAttemptAt: new Date(Date.now() + DAY_MS) } });
    const revision = await currentRevision(temp.db);

    const before = Date.now();
    const view = await certificates().requestRenewal(certificateId);

    expect(view.renewAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect((await temp.db.certificate.findUniqueOrThrow({ where: { id: certificateId } })).nextAttemptAt).toBeNull();
    const { events } = await certificates().get(certificateId);
    expect(events.map((event) => [event.step, event.message])).toEqual([
      ["requested", "Certificate requested for renew.example.com."],
      ["requested", "Renewal requested."],
    ]);
    expect(await currentRevision(temp.db)).toBe(revision);
    const selfSigned = await certificates().createSelfSigned({ domains: ["self.example.com"] });
    expect(await rejection(certificates().requestRenewal(selfSigned.id))).toMatchObject({ code: "BAD_INPUT" });
  });
});
