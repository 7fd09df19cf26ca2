import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ACTOR } from "../../test/actor.ts";
import { backendHost } from "../../test/host-inputs.ts";
import { rejection } from "../../test/rejection.ts";
import { testBox } from "../../test/secret-box.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { issueTestCertificate, testRoot, type TTestCertificate } from "../../test/test-certificates.ts";
import { updateAcmeSettings } from "../certificates/acme-account.ts";
import { recordOrderFailure, storeIssuedCertificate } from "../certificates/certificate-engine.ts";
import { orgCertificates } from "../certificates/org-certificates.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import { exportOrganization } from "../org-export/export-organization.ts";
import { applyImport, planImport } from "../org-export/import-organization.ts";
import { updateInstanceSettings } from "../settings.ts";
import { orgUpstreams } from "../upstreams/org-upstreams.ts";
import { SYSTEM_ACTOR, type TActor } from "./actor.ts";
import { auditActors, listAuditEvents, listInstanceAuditEvents, type TAuditEventView } from "./list-audit-events.ts";
import { recordAudit } from "./record-audit.ts";

const ADA: TActor = { userId: "user-ada", tokenId: null, label: "Ada", ip: "203.0.113.7" };
const BOB: TActor = { userId: "user-bob", tokenId: null, label: "bob@example.com", ip: "198.51.100.2, 10.0.0.1" };
const HMAC_KEY = "c2VjcmV0LWhtYWMta2V5LXRoYXQtbXVzdC1uZXZlci1sZWFr";

let temp: TTempDb;
let orgA: string;
let orgB: string;
let root: TTestCertificate;

beforeAll(async () => {
  temp = await migratedTempDb();
  orgA = await insertOrganization(temp.db, "alpha");
  orgB = await insertOrganization(temp.db, "beta");
  root = await testRoot("Gatehouse Audit Test CA");
});

afterAll(async () => {
  await temp.close();
});

const all = async (organizationId: string) => (await listAuditEvents(temp.db, organizationId, { limit: 200 })).events;
const actionsOf = (events: TAuditEventView[]) => events.map((event) => event.action);
const auditCount = () => temp.db.auditEvent.count();

/** Every entry's before/after as stored, for searching for secrets. */
async function storedSnapshots(): Promise<string> {
  const rows = await temp.db.auditEvent.findMany({ where: { id: { not: "" } }, select: { before: true, after: true } });
  return rows.map((row) => `${row.before ?? ""}\n${row.after ?? ""}`).join("\n");
}

describe("audit entries for each change, in the change's transaction", () => {
  it("records host create, update, disable, enable and delete with the actor, the ip and before/after", async () => {
    const hosts = orgHosts(temp.db, orgA, ADA);
    const host = await hosts.create(backendHost(["audit.example.com"]));
    await hosts.update(host.id, backendHost(["audit.example.com", "www.audit.example.com"], "http://10.0.0.9:80"));
    await hosts.setEnabled(host.id, false);
    await hosts.setEnabled(host.id, true);
    await hosts.remove(host.id);

    const events = (await all(orgA)).filter((event) => event.targetId === host.id);
    expect(actionsOf(events).sort()).toEqual(["host.create", "host.delete", "host.disable", "host.enable", "host.update"]);
    for (const event of events) {
      expect(event).toMatchObject({ actorUserId: "user-ada", actorLabel: "Ada", ip: "203.0.113.7", targetKind: "host", targetLabel: "audit.example.com" });
    }
    const byAction = new Map(events.map((event) => [event.action, event]));
    expect(byAction.get("host.create")).toMatchObject({ before: null, after: { domains: ["audit.example.com"], enabled: true } });
    expect(byAction.get("host.update")).toMatchObject({
      before: { domains: ["audit.example.com"] },
      after: { domains: ["audit.example.com", "www.audit.example.com"] },
    });
    expect(byAction.get("host.disable")).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    expect(byAction.get("host.delete")).toMatchObject({ before: { id: host.id }, after: null });
    // Bookkeeping every write moves is left out, so a diff shows only what the person changed.
    expect(byAction.get("host.update")!.after).not.toHaveProperty("revision");
    expect(byAction.get("host.update")!.after).not.toHaveProperty("updatedAt");
  });

  it("writes no entry for a change that fails", async () => {
    const hosts = orgHosts(temp.db, orgA, ADA);
    await hosts.create(backendHost(["taken.example.com"]));
    const upstreams = orgUpstreams(temp.db, orgA, ADA);
    const pool = await upstreams.create({ name: "busy", targets: [{ url: "http://10.0.0.1" }] });
    await hosts.create({ domains: ["busy.example.com"], locations: [{ path: "/", action: { type: "proxy", upstreamId: pool.id } }] });
    const before = await auditCount();

    expect((await rejection(orgHosts(temp.db, orgB, BOB).create(backendHost(["taken.example.com"])))).code).toBe("CONFLICT");
    expect((await rejection(upstreams.remove(pool.id))).code).toBe("CONFLICT");
    expect((await rejection(hosts.update("no-such-host", backendHost(["x.example.com"])))).code).toBe("NOT_FOUND");

    expect(await auditCount()).toBe(before);
  });

  it("rolls the entry back with the transaction it was written in", async () => {
    const before = await auditCount();
    const failure = new Error("the change failed after its entry was written");
    await expect(
      temp.db.$transaction(async (tx) => {
        await recordAudit(tx, { organizationId: orgA, actor: ADA, action: "host.update", targetKind: "host", targetId: "h1", targetLabel: "rolled.example.com" });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await auditCount()).toBe(before);
  });

  it("records upstream create, update and delete", async () => {
    const upstreams = orgUpstreams(temp.db, orgA, BOB);
    const pool = await upstreams.create({ name: "api", targets: [{ url: "http://10.0.0.2" }] });
    await upstreams.update(pool.id, { name: "api-v2", targets: [{ url: "http://10.0.0.2" }, { url: "http://10.0.0.3" }] });
    await upstreams.remove(pool.id);

    const events = (await all(orgA)).filter((event) => event.targetId === pool.id);
    expect(actionsOf(events).sort()).toEqual(["upstream.create", "upstream.delete", "upstream.update"]);
    const update = events.find((event) => event.action === "upstream.update")!;
    expect(update).toMatchObject({ actorUserId: "user-bob", ip: "198.51.100.2, 10.0.0.1", targetLabel: "api-v2", before: { name: "api" }, after: { name: "api-v2" } });
  });

  it("records certificate upload, self-signed, renewal request and delete, never with a private key", async () => {
    const certificates = orgCertificates(temp.db, orgA, testBox, ADA);
    const leaf = await issueTestCertificate(root, { domains: ["upload.example.com"] });
    const uploaded = await certificates.upload({ certificatePem: leaf.certificatePem, chainPem: root.certificatePem, privateKeyPem: leaf.privateKeyPem });
    const selfSigned = await certificates.createSelfSigned({ domains: ["self.example.com"] });
    await certificates.delete(selfSigned.id);
    const automatic = await orgHosts(temp.db, orgA, ADA).create({ ...backendHost(["auto.example.com"]), tls: { mode: "automatic" } });
    await certificates.requestRenewal(automatic.tls.certificateId!);

    const events = await all(orgA);
    expect(events.find((event) => event.targetId === uploaded.id)).toMatchObject({ action: "certificate.upload", after: { domains: ["upload.example.com"] } });
    expect(actionsOf(events.filter((event) => event.targetId === selfSigned.id)).sort()).toEqual(["certificate.delete", "certificate.self-signed"]);
    expect(events.find((event) => event.targetId === automatic.tls.certificateId)).toMatchObject({
      action: "certificate.renew-request",
      actorLabel: "Ada",
      before: { source: "acme" },
    });
    expect(await storedSnapshots()).not.toContain("PRIVATE KEY");
  });

  it("records ACME issue, renewal and failure as Gatehouse itself in the certificate's organization", async () => {
    const host = await orgHosts(temp.db, orgB, BOB).create({ ...backendHost(["acme.beta.example.com"]), tls: { mode: "automatic" } });
    const certificateId = host.tls.certificateId!;
    const issue = async () => {
      const issued = await issueTestCertificate(root, { domains: ["acme.beta.example.com"] });
      await storeIssuedCertificate(temp.db, testBox, certificateId, { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem });
    };
    await issue();
    await recordOrderFailure(temp.db, certificateId, "The CA could not reach the challenge.", new Date());
    await issue();

    const events = (await all(orgB)).filter((event) => event.targetId === certificateId && event.actorLabel === SYSTEM_ACTOR.label);
    expect(actionsOf(events).sort()).toEqual(["certificate.failed", "certificate.issued", "certificate.renewed"]);
    for (const event of events) expect(event).toMatchObject({ actorUserId: null, actorTokenId: null, ip: null, targetLabel: "acme.beta.example.com" });
    expect(events.find((event) => event.action === "certificate.issued")).toMatchObject({ before: { status: "pending" }, after: { status: "issued" } });
    expect(events.find((event) => event.action === "certificate.failed")).toMatchObject({ after: { lastError: "The CA could not reach the challenge." } });
    expect((await all(orgA)).some((event) => event.targetId === certificateId)).toBe(false);
    expect(await storedSnapshots()).not.toContain("PRIVATE KEY");
  });

  it("records instance settings and ACME account changes at instance level, without the EAB HMAC key", async () => {
    await updateInstanceSettings(temp.db, { unknownSni: "refuse" }, ADA);
    await updateAcmeSettings(temp.db, testBox, { email: "ops@example.com", directoryUrl: "https://acme.example.com/dir", eab: { keyId: "kid-1", hmacKey: HMAC_KEY } }, ADA);
    await updateAcmeSettings(temp.db, testBox, { email: "ops2@example.com", directoryUrl: "https://acme.example.com/dir", eab: { keyId: "kid-1", hmacKey: "" } }, ADA);

    const { events } = await listInstanceAuditEvents(temp.db, { limit: 50 });
    expect(actionsOf(events).sort()).toEqual(["acme-account.update", "acme-account.update", "instance-settings.update"]);
    expect(events.find((event) => event.action === "instance-settings.update")).toMatchObject({ actorLabel: "Ada", ip: "203.0.113.7", after: { unknownSni: "refuse" } });
    expect(events.find((event) => event.action === "acme-account.update" && event.before !== null)).toMatchObject({
      before: { email: "ops@example.com", eab: { keyId: "kid-1", hasHmacKey: true } },
      after: { email: "ops2@example.com" },
    });
    expect(await storedSnapshots()).not.toContain(HMAC_KEY);
    for (const organizationId of [orgA, orgB]) expect((await all(organizationId)).some((event) => event.targetKind.startsWith("acme-account"))).toBe(false);
  });

  it("records an applied import as one entry naming what it created; a dry run and a refused import record nothing", async () => {
    const target = await insertOrganization(temp.db, "import-target");
    const document = await exportOrganization(temp.db, orgA, testBox, { includeKeys: true });
    await planImport(temp.db, target, testBox, document);
    const refused = await applyImport(temp.db, target, testBox, document, BOB); // orgA holds these domains
    expect(refused.applied).toBe(false);
    expect(await all(target)).toEqual([]);

    const clean = { ...document, hosts: [], certificates: document.certificates.filter((certificate) => certificate.source !== "acme") };
    expect((await applyImport(temp.db, target, testBox, clean, BOB)).applied).toBe(true);

    const [entry, ...rest] = await all(target);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ action: "import.apply", actorLabel: "bob@example.com", targetKind: "import" });
    expect((entry!.after as { created: { kind: string; name: string }[] }).created).toContainEqual({ kind: "upstream", name: "busy" });
    expect(await storedSnapshots()).not.toContain("PRIVATE KEY");
  });
});

describe("listing", () => {
  it("never lists another organization's entries, even through its cursor", async () => {
    const ofA = await all(orgA);
    const ofB = await all(orgB);
    expect(ofA.length).toBeGreaterThan(0);
    expect(ofB.length).toBeGreaterThan(0);
    const idsOfA = new Set(ofA.map((event) => event.id));
    expect(ofB.some((event) => idsOfA.has(event.id))).toBe(false);
    // A cursor of A given to B's listing starts B's log from the top, not from A's position.
    const fromForeignCursor = await listAuditEvents(temp.db, orgB, { cursor: ofA[0]!.id, limit: 200 });
    expect(fromForeignCursor.events.map((event) => event.id)).toEqual(ofB.map((event) => event.id));
  });

  it("filters by person and kind, newest first, in pages", async () => {
    const byBob = (await listAuditEvents(temp.db, orgA, { actorUserId: "user-bob", limit: 200 })).events;
    expect(byBob.length).toBeGreaterThan(0);
    expect(byBob.every((event) => event.actorUserId === "user-bob")).toBe(true);
    const upstreamEvents = (await listAuditEvents(temp.db, orgA, { kind: "upstream", limit: 200 })).events;
    expect(upstreamEvents.length).toBeGreaterThan(0);
    expect(upstreamEvents.every((event) => event.targetKind === "upstream")).toBe(true);

    // A reader limited to some kinds sees only those, even when asking for another kind by name.
    const hostsOnly = (await listAuditEvents(temp.db, orgA, { visibleKinds: ["host"], limit: 200 })).events;
    expect(hostsOnly.length).toBeGreaterThan(0);
    expect(hostsOnly.every((event) => event.targetKind === "host")).toBe(true);
    expect((await listAuditEvents(temp.db, orgA, { visibleKinds: ["host"], kind: "upstream", limit: 200 })).events).toEqual([]);

    const everything = await all(orgA);
    const times = everything.map((event) => event.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEvents(temp.db, orgA, { limit: 3, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.events.length).toBeLessThanOrEqual(3);
      pages.push(...page.events.map((event) => event.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    expect(pages).toEqual(everything.map((event) => event.id));
    expect(await auditActors(temp.db, orgA)).toEqual([
      { userId: "user-ada", label: "Ada" },
      { userId: "user-bob", label: "bob@example.com" },
    ]);
  });

  it("filters by date range: from inclusive, to exclusive", async () => {
    const organizationId = await insertOrganization(temp.db, "dated");
    const upstreams = orgUpstreams(temp.db, organizationId, ADA);
    const ids: string[] = [];
    for (const [index, day] of ["2026-01-01", "2026-01-02", "2026-01-03"].entries()) {
      const pool = await upstreams.create({ name: `pool-${index}`, targets: [{ url: "http://10.0.0.1" }] });
      ids.push(pool.id);
      await temp.db.auditEvent.updateMany({ where: { organizationId, targetId: pool.id }, data: { createdAt: new Date(`${day}T12:00:00Z`) } });
    }
    const between = await listAuditEvents(temp.db, organizationId, { from: new Date("2026-01-02T00:00:00Z"), to: new Date("2026-01-03T12:00:00Z"), limit: 50 });
    expect(between.events.map((event) => event.targetId)).toEqual([ids[1]]);
    const since = await listAuditEvents(temp.db, organizationId, { from: new Date("2026-01-02T12:00:00Z"), limit: 50 });
    expect(since.events.map((event) => event.targetId)).toEqual([ids[2], ids[1]]);
  });
});
