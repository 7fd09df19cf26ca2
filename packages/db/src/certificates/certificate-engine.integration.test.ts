import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost } from "../../test/host-inputs.ts";
import { testBox } from "../../test/secret-box.ts";
import { issueTestCertificate, testRoot, type TTestCertificate } from "../../test/test-certificates.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { createDb } from "../client.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import { currentRevision } from "../revision.ts";
import { clearChallenges, putChallenges } from "./acme-challenges.ts";
import {
  certificatesDue,
  claimCertificate,
  recordCertificateStep,
  recordOrderFailure,
  releaseCertificate,
  storeIssuedCertificate,
} from "./certificate-engine.ts";
import { orgCertificates } from "./org-certificates.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const LEASE_MS = 10 * MINUTE_MS;

let temp: TTempDb;
let organizationId: string;
let ca: TTestCertificate;

beforeAll(async () => {
  temp = await migratedTempDb();
  organizationId = await insertOrganization(temp.db, "alpha");
  ca = await testRoot("Gatehouse Test ACME CA");
});

afterAll(async () => {
  await temp.close();
});

/** A host with automatic HTTPS, and so a pending ACME certificate; returns both ids. */
async function automaticHost(domain: string): Promise<{ hostId: string; certificateId: string }> {
  const host = await orgHosts(temp.db, organizationId, TEST_ACTOR).create({ ...backendHost([domain]), tls: { mode: "automatic" } });
  return { hostId: host.id, certificateId: host.tls.certificateId! };
}

const certificateRow = (id: string) => temp.db.certificate.findUniqueOrThrow({ where: { id } });
const steps = async (certificateId: string) =>
  (await temp.db.certificateEvent.findMany({ where: { certificateId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((event) => event.step);

describe("certificatesDue and the order lease", () => {
  it("lists new ACME certificates, not uploaded or self-signed ones", async () => {
    const { certificateId } = await automaticHost("due.example.com");
    await orgCertificates(temp.db, organizationId, testBox, TEST_ACTOR).createSelfSigned({ domains: ["self.example.com"] });

    const due = await certificatesDue(temp.db, new Date());

    expect(due).toEqual([{ id: certificateId, organizationId, domains: ["due.example.com"], renewal: false }]);
  });

  it("lets exactly one of two replicas win, hides the leased certificate, and frees it when the lease expires", async () => {
    const [due] = await certificatesDue(temp.db, new Date());
    const id = due!.id;
    const now = new Date();
    // Another replica: its own connection to the same database file.
    const otherReplica = createDb(temp.dbFile);

    const claims = await Promise.all([
      claimCertificate(temp.db, id, "replica-a", LEASE_MS, now),
      claimCertificate(otherReplica, id, "replica-b", LEASE_MS, now),
    ]).finally(() => otherReplica.$disconnect());

    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await certificatesDue(temp.db, now)).toEqual([]);
    expect(await claimCertificate(temp.db, id, "replica-c", LEASE_MS, new Date(now.getTime() + LEASE_MS - 1))).toBe(false);
    const afterLease = new Date(now.getTime() + LEASE_MS + 1);
    expect((await certificatesDue(temp.db, afterLease)).map((due) => due.id)).toEqual([id]);
    expect(await claimCertificate(temp.db, id, "replica-c", LEASE_MS, afterLease)).toBe(true);
    expect(await certificateRow(id)).toMatchObject({ lockedBy: "replica-c", lockedUntil: new Date(afterLease.getTime() + LEASE_MS) });
  });

  it("is released only by its holder", async () => {
    const [certificate] = await temp.db.certificate.findMany({ where: { organizationId, lockedBy: "replica-c" } });

    await releaseCertificate(temp.db, certificate!.id, "replica-a");
    expect(await certificateRow(certificate!.id)).toMatchObject({ lockedBy: "replica-c" });

    await releaseCertificate(temp.db, certificate!.id, "replica-c");
    expect(await certificateRow(certificate!.id)).toMatchObject({ lockedBy: null, lockedUntil: null });
  });
});

describe("an order's steps", () => {
  it("records steps with their status, and publishes and clears challenges as config revisions", async () => {
    const { certificateId } = await automaticHost("steps.example.com");

    await recordCertificateStep(temp.db, certificateId, "ordering", "Placing the order with the CA.", "ordering");
    await recordCertificateStep(temp.db, certificateId, "validating", "Waiting for the CA to validate.", "validating");
    const before = await currentRevision(temp.db);
    const revision = await putChallenges(temp.db, certificateId, [
      { domain: "steps.example.com", token: "token-aaaaaaaaaaaaaaaa", keyAuthorization: "token-aaaaaaaaaaaaaaaa.thumbprint" },
    ]);

    expect(revision).toBe(before + 1);
    expect(await currentRevision(temp.db)).toBe(revision);
    expect((await certificateRow(certificateId)).status).toBe("validating");
    expect(await steps(certificateId)).toEqual(["requested", "ordering", "validating"]);
    expect(await temp.db.acmeChallenge.findMany({ where: { certificateId }, select: { type: true, domain: true, token: true } })).toEqual([
      { type: "http-01", domain: "steps.example.com", token: "token-aaaaaaaaaaaaaaaa" },
    ]);

    await clearChallenges(temp.db, certificateId);
    expect(await currentRevision(temp.db)).toBe(revision + 1);
    await clearChallenges(temp.db, certificateId);
    expect(await currentRevision(temp.db)).toBe(revision + 1);
    expect(await temp.db.acmeChallenge.count({ where: { certificateId } })).toBe(0);
  });

  it("stores the issued certificate with its key sealed, renewal at a third of its lifetime, and stamps its hosts", async () => {
    const { hostId, certificateId } = await automaticHost("issued.example.com");
    const now = Date.now();
    const notAfter = new Date(Math.floor((now + 89 * DAY_MS) / 1000) * 1000);
    const notBefore = new Date(notAfter.getTime() - 90 * DAY_MS);
    const issued = await issueTestCertificate(ca, { domains: ["issued.example.com"], notBefore, notAfter });
    await claimCertificate(temp.db, certificateId, "replica-a", LEASE_MS, new Date(now));

    const revision = await storeIssuedCertificate(temp.db, testBox, certificateId, { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem });
    await releaseCertificate(temp.db, certificateId, "replica-a");

    const row = await certificateRow(certificateId);
    expect(row).toMatchObject({
      status: "issued",
      certificatePem: issued.certificatePem,
      issuer: "CN=Gatehouse Test ACME CA",
      notBefore,
      notAfter,
      renewAt: new Date(notAfter.getTime() - 30 * DAY_MS),
      failureCount: 0,
      lastError: null,
      nextAttemptAt: null,
      revision,
    });
    expect(testBox.open(row.privateKeyEncrypted!)).toBe(issued.privateKeyPem);
    expect(await currentRevision(temp.db)).toBe(revision);
    expect((await orgHosts(temp.db, organizationId, TEST_ACTOR).get(hostId)).revision).toBe(revision);
    expect((await steps(certificateId)).at(-1)).toBe("issued");
    // Issued: not due again (nor claimable from a stale list) until its renewal time.
    expect((await certificatesDue(temp.db, new Date(now))).map((due) => due.id)).not.toContain(certificateId);
    expect(await claimCertificate(temp.db, certificateId, "replica-b", LEASE_MS, new Date(now))).toBe(false);
    expect(await certificatesDue(temp.db, row.renewAt!)).toContainEqual({ id: certificateId, organizationId, domains: ["issued.example.com"], renewal: true });
  });
});

describe("recordOrderFailure", () => {
  it("backs off 5 min, 10 min, 20 min, ... up to a day, and marks a never-issued certificate failed", async () => {
    const { certificateId } = await automaticHost("failing.example.com");
    const now = new Date();

    const delays: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      delays.push((await recordOrderFailure(temp.db, certificateId, `attempt ${attempt + 1} failed`, now)).getTime() - now.getTime());
    }

    expect(delays).toEqual([5 * MINUTE_MS, 10 * MINUTE_MS, 20 * MINUTE_MS]);
    const row = await certificateRow(certificateId);
    expect(row).toMatchObject({ status: "failed", failureCount: 3, lastError: "attempt 3 failed", nextAttemptAt: new Date(now.getTime() + 20 * MINUTE_MS) });
    expect(await steps(certificateId)).toEqual(["requested", "failed", "failed", "failed"]);
    const dueIds = async (at: Date) => (await certificatesDue(temp.db, at)).map((due) => due.id);
    expect(await dueIds(new Date(now.getTime() + 20 * MINUTE_MS - 1))).not.toContain(certificateId);
    expect(await dueIds(new Date(now.getTime() + 20 * MINUTE_MS))).toContain(certificateId);

    await temp.db.certificate.update({ where: { id: certificateId }, data: { failureCount: 12 } });
    expect((await recordOrderFailure(temp.db, certificateId, "still failing", now)).getTime() - now.getTime()).toBe(DAY_MS);
  });

  it("keeps a certificate whose renewal failed issued, with the error shown", async () => {
    const [issued] = await temp.db.certificate.findMany({ where: { organizationId, status: "issued", source: "acme" } });
    const now = new Date();

    await recordOrderFailure(temp.db, issued!.id, "The CA could not reach http://issued.example.com/.well-known/acme-challenge/x", now);

    const row = await certificateRow(issued!.id);
    expect(row).toMatchObject({ status: "issued", failureCount: 1, lastError: expect.stringMatching(/could not reach/) });
    expect(row.certificatePem).not.toBeNull();
  });
});
