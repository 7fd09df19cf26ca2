import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost } from "../../test/host-inputs.ts";
import { rejection } from "../../test/rejection.ts";
import { testBox } from "../../test/secret-box.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import { orgCertificates } from "./org-certificates.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

let temp: TTempDb;
let organizationId: string;

beforeAll(async () => {
  temp = await migratedTempDb();
  organizationId = await insertOrganization(temp.db, "alpha");
});

afterAll(async () => {
  await temp.close();
});

const hosts = () => orgHosts(temp.db, organizationId, TEST_ACTOR);
/** The host the "automatic" tests create and then change. */
let autoHostId: string;
const acmeCertificates = () => temp.db.certificate.findMany({ where: { organizationId, source: "acme" }, orderBy: { createdAt: "asc" } });

describe("host TLS: automatic", () => {
  it("creates a pending ACME certificate for the host's domains, with a requested event, and shows it on the host", async () => {
    const host = await hosts().create({
      ...backendHost(["auto.example.com", "www.auto.example.com"]),
      tls: { mode: "automatic", forceHttps: true, hsts: { maxAgeSeconds: 300 } },
    });

    autoHostId = host.id;
    const [certificate] = await acmeCertificates();
    expect(certificate).toMatchObject({ name: "auto.example.com", status: "pending", domains: '["auto.example.com","www.auto.example.com"]' });
    expect(host.tls).toEqual({
      mode: "automatic",
      certificateId: certificate!.id,
      forceHttps: true,
      hsts: { maxAgeSeconds: 300, includeSubDomains: false, preload: false },
      certificate: { id: certificate!.id, name: "auto.example.com", status: "pending", notAfter: null, lastError: null },
    });
    const events = await temp.db.certificateEvent.findMany({ where: { certificateId: certificate!.id } });
    expect(events.map((event) => [event.step, event.message])).toEqual([["requested", "Certificate requested for auto.example.com, www.auto.example.com."]]);
    expect(await hosts().get(host.id)).toEqual(host);
  });

  it("keeps the certificate when saved with the same domains, in any order", async () => {
    const [before] = await acmeCertificates();

    const host = await hosts().update(autoHostId, { ...backendHost(["www.auto.example.com", "auto.example.com"]), tls: { mode: "automatic" } });

    expect(host.tls.certificateId).toBe(before!.id);
    expect(await acmeCertificates()).toHaveLength(1);
  });

  it("re-scopes the host's own certificate when the domains change, ordering it again", async () => {
    const [old] = await acmeCertificates();

    const host = await hosts().update(autoHostId, { ...backendHost(["auto.example.com", "api.auto.example.com"]), tls: { mode: "automatic" } });

    const [rescoped, ...others] = await acmeCertificates();
    expect(others).toEqual([]);
    expect(host.tls.certificateId).toBe(old!.id);
    expect(rescoped).toMatchObject({ status: "pending", domains: '["auto.example.com","api.auto.example.com"]' });
    const events = await temp.db.certificateEvent.findMany({ where: { certificateId: old!.id }, orderBy: { createdAt: "asc" } });
    expect(events.at(-1)?.message).toBe("Domains changed: certificate requested for auto.example.com, api.auto.example.com.");
  });

  it("keeps serving an issued certificate while the changed domains are ordered as a renewal", async () => {
    const [issued] = await acmeCertificates();
    await temp.db.certificate.update({ where: { id: issued!.id }, data: { status: "issued", certificatePem: "(issued)", renewAt: new Date(Date.now() + 86_400_000) } });

    const host = await hosts().update(autoHostId, { ...backendHost(["auto.example.com"]), tls: { mode: "automatic" } });

    const [renewing] = await acmeCertificates();
    expect(host.tls.certificateId).toBe(issued!.id);
    expect(renewing).toMatchObject({ status: "issued", certificatePem: "(issued)", domains: '["auto.example.com"]' });
    expect(renewing!.renewAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("drops the ACME certificate when HTTPS is turned off, clearing the other TLS settings", async () => {

    const host = await hosts().update(autoHostId, { ...backendHost(["auto.example.com"]), tls: { mode: "off", forceHttps: true } });

    expect(host.tls).toEqual({ mode: "off", certificateId: null, forceHttps: false, hsts: null, certificate: null });
    expect(await acmeCertificates()).toEqual([]);
  });

  it("drops the ACME certificate with its host", async () => {
    const host = await hosts().create({ ...backendHost(["gone.example.com"]), tls: { mode: "automatic" } });
    expect(await acmeCertificates()).toHaveLength(1);

    await hosts().remove(host.id);

    expect(await acmeCertificates()).toEqual([]);
  });
});

describe("host TLS: a chosen certificate", () => {
  it("accepts a wildcard certificate for a name one label below it, and refuses the bare and deeper names", async () => {
    const wildcard = await orgCertificates(temp.db, organizationId, testBox, TEST_ACTOR).createSelfSigned({ domains: ["*.wild.example.com"] });
    const hostCount = await temp.db.host.count({ where: { organizationId } });

    const host = await hosts().create({ ...backendHost(["a.wild.example.com"]), tls: { mode: "certificate", certificateId: wildcard.id, forceHttps: true } });
    expect(host.tls).toMatchObject({ mode: "certificate", certificateId: wildcard.id, forceHttps: true, certificate: { name: "*.wild.example.com", status: "issued" } });

    const error = await rejection(
      hosts().create({ ...backendHost(["wild.example.com", "b.wild.example.com", "x.y.wild.example.com"]), tls: { mode: "certificate", certificateId: wildcard.id } }),
    );
    expect(error.code).toBe("BAD_INPUT");
    const message = "Certificate *.wild.example.com does not cover wild.example.com, x.y.wild.example.com: choose a certificate for these names, or use automatic HTTPS.";
    expect(error.message).toBe(message);
    expect(error.fieldErrors).toEqual({ "tls.certificateId": [message] });
    expect(await temp.db.host.count({ where: { organizationId } })).toBe(hostCount + 1);
  });

  it("refuses another organization's certificate exactly like a missing one", async () => {
    const other = orgCertificates(temp.db, await insertOrganization(temp.db, "other"), testBox, TEST_ACTOR);
    const theirs = await other.createSelfSigned({ domains: ["theirs.example.com"] });

    const foreign = await rejection(hosts().create({ ...backendHost(["theirs.example.com"]), tls: { mode: "certificate", certificateId: theirs.id } }));
    const missing = await rejection(hosts().create({ ...backendHost(["theirs.example.com"]), tls: { mode: "certificate", certificateId: "no-such-id" } }));

    expect(foreign.code).toBe("BAD_INPUT");
    expect(foreign.fieldErrors).toEqual({ "tls.certificateId": [expect.stringMatching(/does not exist/)] });
    expect({ message: foreign.message, fieldErrors: foreign.fieldErrors }).toEqual({ message: missing.message, fieldErrors: missing.fieldErrors });
    expect(await temp.db.hostDomain.count({ where: { domain: "theirs.example.com" } })).toBe(0);
  });

  it("checks coverage again when the host's domains change", async () => {
    const host = (await hosts().list()).find((view) => view.domains[0] === "a.wild.example.com");

    const error = await rejection(
      hosts().update(host!.id, { ...backendHost(["a.wild.example.com", "other.example.com"]), tls: { mode: "certificate", certificateId: host!.tls.certificateId! } }),
    );

    expect(error.fieldErrors?.["tls.certificateId"]?.[0]).toMatch(/does not cover other\.example\.com:/);
    expect((await hosts().get(host!.id)).domains).toEqual(["a.wild.example.com"]);
  });

  it("goes away with its organization, hosts and certificates together", async () => {
    const doomedId = await insertOrganization(temp.db, "doomed");
    const certificate = await orgCertificates(temp.db, doomedId, testBox, TEST_ACTOR).createSelfSigned({ domains: ["*.doomed.example.com"] });
    await orgHosts(temp.db, doomedId, TEST_ACTOR).create({ ...backendHost(["a.doomed.example.com"]), tls: { mode: "certificate", certificateId: certificate.id } });
    await orgHosts(temp.db, doomedId, TEST_ACTOR).create({ ...backendHost(["b.doomed.example.com"]), tls: { mode: "automatic" } });

    await temp.db.organization.delete({ where: { id: doomedId } });

    expect(await temp.db.certificate.count({ where: { organizationId: doomedId } })).toBe(0);
    expect(await temp.db.host.count({ where: { organizationId: doomedId } })).toBe(0);
  });
});
