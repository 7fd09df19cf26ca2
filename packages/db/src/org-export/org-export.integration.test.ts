import type { TImportItem, TOrgExport } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection } from "../../test/rejection.ts";
import { testBox } from "../../test/secret-box.ts";
import { issueTestCertificate, testRoot } from "../../test/test-certificates.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { orgCertificates } from "../certificates/org-certificates.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import type { Db } from "../client.ts";
import { currentRevision } from "../revision.ts";
import { orgUpstreams } from "../upstreams/org-upstreams.ts";
import { exportOrganization } from "./export-organization.ts";
import { applyImport, planImport } from "./import-organization.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

let temp: TTempDb;
/** The organization every test exports from: upstreams, hosts of every kind, uploaded and self-signed certificates. */
let source: string;

beforeAll(async () => {
  temp = await migratedTempDb();
  source = await insertOrganization(temp.db, "acme-corp");
  const root = await testRoot();
  const intermediate = await issueTestCertificate(root, { ca: true, commonName: "Gatehouse Test Intermediate" });
  const leaf = await issueTestCertificate(intermediate, { domains: ["shop.example.com", "*.shop.example.com"] });

  const upstreams = orgUpstreams(temp.db, source, TEST_ACTOR);
  const api = await upstreams.create({
    name: "api-pool",
    policy: "least-connections",
    targets: [{ url: "http://10.0.0.1:8080" }, { url: "http://10.0.0.2:8080", weight: 3 }, { url: "http://10.0.0.3:8080", backup: true }],
    retries: 2,
  });
  await upstreams.create({ name: "unused-pool", targets: [{ url: "http://10.0.1.1:9000" }] });

  const certificates = orgCertificates(temp.db, source, testBox, TEST_ACTOR);
  const uploaded = await certificates.upload({
    name: "shop wildcard",
    certificatePem: leaf.certificatePem,
    chainPem: intermediate.certificatePem,
    privateKeyPem: leaf.privateKeyPem,
  });
  const selfSigned = await certificates.createSelfSigned({ domains: ["intranet.example.lan"] });

  const hosts = orgHosts(temp.db, source, TEST_ACTOR);
  await hosts.create({
    domains: ["shop.example.com", "www.shop.example.com"],
    locations: [
      { path: "/", action: { type: "proxy", upstreamId: api.id } },
      { path: "/api", action: { type: "proxy", upstreamId: api.id, stripPrefix: true } },
      { path: "/old", action: { type: "redirect", status: 301, to: "https://shop.example.com/new", keepPath: false } },
      { path: "/health", action: { type: "respond", status: 200, body: "ok" } },
    ],
    options: { maxBodyBytes: 1_048_576, requestHeaders: [{ name: "X-Shop", value: "1" }] },
    tls: { mode: "certificate", certificateId: uploaded.id, forceHttps: true, hsts: { maxAgeSeconds: 86_400, includeSubDomains: false, preload: false } },
  });
  await hosts.create({
    domains: ["app.example.com"],
    locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.9:3000" } }],
    tls: { mode: "automatic", forceHttps: true },
  });
  await hosts.create({
    domains: ["intranet.example.lan"],
    enabled: false,
    locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.7:80" } }],
    tls: { mode: "certificate", certificateId: selfSigned.id },
  });
  await hosts.create({ domains: ["static.example.com"], locations: [{ path: "/", action: { type: "respond", status: 204 } }] });
});

const instances: TTempDb[] = [];

afterAll(async () => {
  await Promise.all([temp, ...instances].map((instance) => instance.close()));
});

/**
 * Domains are unique across an instance, so the organization importing the source's hosts lives in
 * another Gatehouse (its own database): the move this feature is for.
 */
async function otherInstance(organizationName = "acme-corp"): Promise<{ db: Db; target: string }> {
  const instance = await migratedTempDb();
  instances.push(instance);
  return { db: instance.db, target: await insertOrganization(instance.db, organizationName) };
}

const exportSource = (includeKeys = true) => exportOrganization(temp.db, source, testBox, { includeKeys });

/** The document without the one field that differs between two exports of the same configuration. */
const withoutExportedAt = ({ exportedAt: _exportedAt, ...rest }: TOrgExport) => rest;

const names = (items: TImportItem[]) => items.map((item) => `${item.kind} ${item.name}`).sort();

/** Everything an organization holds, to assert that a refused or dry-run import wrote nothing. */
async function rowCounts(db: Db, organizationId: string) {
  const where = { where: { organizationId } };
  const [hosts, domains, locations, upstreams, targets, certificates] = await Promise.all([
    db.host.count(where),
    db.hostDomain.count(where),
    db.location.count(where),
    db.upstream.count(where),
    db.upstreamTarget.count(where),
    db.certificate.count(where),
  ]);
  return { hosts, domains, locations, upstreams, targets, certificates, revision: await currentRevision(db) };
}

describe("export", () => {
  it("names upstreams and certificates instead of ids, and carries private keys only when asked", async () => {
    const withKeys = await exportSource();
    const withoutKeys = await exportSource(false);
    expect(withKeys.format).toBe("gatehouse.organization");
    expect(withKeys.version).toBe(1);
    expect(withKeys.organization).toEqual({ name: "acme-corp" });
    expect(withKeys.upstreams.map((upstream) => upstream.name)).toEqual(["api-pool", "unused-pool"]);
    expect(withKeys.hosts.map((host) => host.domains[0])).toEqual(["app.example.com", "intranet.example.lan", "shop.example.com", "static.example.com"]);
    const shop = withKeys.hosts.find((host) => host.domains[0] === "shop.example.com")!;
    expect(shop.locations[0]).toEqual({ path: "/", action: { type: "proxy", upstream: "api-pool", stripPrefix: false } });
    expect(shop.tls).toMatchObject({ mode: "certificate", certificate: "shop wildcard", forceHttps: true });
    const app = withKeys.hosts.find((host) => host.domains[0] === "app.example.com")!;
    expect(app.locations[0]!.action).toEqual({ type: "proxy", backendUrl: "http://10.0.0.9:3000", stripPrefix: false });
    expect(JSON.stringify(withKeys)).not.toMatch(/"(upstreamId|certificateId|id)"/);

    expect(withKeys.certificates.map((certificate) => [certificate.source, certificate.name])).toEqual([
      ["acme", "app.example.com"],
      ["self-signed", "intranet.example.lan"],
      ["uploaded", "shop wildcard"],
    ]);
    expect(withKeys.certificates[0]).toEqual({ name: "app.example.com", source: "acme", domains: ["app.example.com"] });
    for (const certificate of withKeys.certificates.slice(1)) expect(certificate).toHaveProperty("privateKeyPem", expect.stringContaining("BEGIN PRIVATE KEY"));
    for (const certificate of withoutKeys.certificates) expect(certificate).not.toHaveProperty("privateKeyPem");
    expect(JSON.stringify(withoutKeys)).not.toContain("PRIVATE KEY");
  });
});

const EVERY_ITEM = names([
  { kind: "certificate", name: "intranet.example.lan" },
  { kind: "certificate", name: "shop wildcard" },
  { kind: "upstream", name: "api-pool" },
  { kind: "upstream", name: "unused-pool" },
  { kind: "host", name: "app.example.com" },
  { kind: "host", name: "intranet.example.lan" },
  { kind: "host", name: "shop.example.com, www.shop.example.com" },
  { kind: "host", name: "static.example.com" },
]);

describe("import", () => {
  it("round-trips exactly: export, import into an empty organization, export again gives the same document", async () => {
    const original = await exportSource();
    const { db, target } = await otherInstance();

    const plan = await planImport(db, target, testBox, original);
    expect(plan).toMatchObject({ change: [], unchanged: [], refuse: [] });
    expect(names(plan.create)).toEqual(EVERY_ITEM);

    const result = await applyImport(db, target, testBox, original, TEST_ACTOR);
    expect(result.applied).toBe(true);
    expect(names(result.create)).toEqual(EVERY_ITEM);

    const again = await exportOrganization(db, target, testBox, { includeKeys: true });
    expect(withoutExportedAt(again)).toEqual(withoutExportedAt(original));
  });

  it("is idempotent: a second import finds everything unchanged and writes nothing; an edit shows as a change", async () => {
    const original = await exportSource();
    const { db, target } = await otherInstance();
    expect((await applyImport(db, target, testBox, original, TEST_ACTOR)).applied).toBe(true);
    const before = await rowCounts(db, target);

    const second = await planImport(db, target, testBox, original);
    expect(second).toMatchObject({ create: [], change: [], refuse: [] });
    expect(names(second.unchanged)).toEqual(EVERY_ITEM);
    expect(await applyImport(db, target, testBox, original, TEST_ACTOR)).toMatchObject({ applied: true, create: [], change: [], refuse: [] });
    expect(await rowCounts(db, target)).toEqual(before);

    const edited: TOrgExport = {
      ...original,
      upstreams: original.upstreams.map((upstream) => (upstream.name === "unused-pool" ? { ...upstream, retries: 3 } : upstream)),
    };
    expect(await planImport(db, target, testBox, edited)).toMatchObject({ create: [], change: [{ kind: "upstream", name: "unused-pool" }], refuse: [] });
    expect((await applyImport(db, target, testBox, edited, TEST_ACTOR)).applied).toBe(true);
    const changed = await exportOrganization(db, target, testBox, { includeKeys: true });
    expect(changed.upstreams.find((upstream) => upstream.name === "unused-pool")?.retries).toBe(3);
  });

  it("a dry run writes nothing", async () => {
    const { db, target } = await otherInstance();
    const before = await rowCounts(db, target);
    const plan = await planImport(db, target, testBox, await exportSource());
    expect(names(plan.create)).toEqual(EVERY_ITEM);
    expect(await rowCounts(db, target)).toEqual(before);
  });

  it("refuses a domain another organization owns without naming that organization, and then writes nothing", async () => {
    const { db, target } = await otherInstance();
    const owner = await insertOrganization(db, "secret-owner-org");
    await orgHosts(db, owner, TEST_ACTOR).create({
      domains: ["static.example.com"],
      locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://10.9.9.9:80" } }],
    });
    const before = await rowCounts(db, target);

    const result = await applyImport(db, target, testBox, await exportSource(), TEST_ACTOR);
    expect(result.applied).toBe(false);
    expect(result.refuse).toEqual([{ item: { kind: "host", name: "static.example.com" }, reason: "domains: static.example.com is already used by another host." }]);
    expect(result.create).toHaveLength(7);
    expect(JSON.stringify(result)).not.toMatch(new RegExp(`secret-owner-org|${owner}`));
    expect(await rowCounts(db, target)).toEqual(before);
    const { applied: _applied, ...planned } = result;
    expect(await planImport(db, target, testBox, await exportSource())).toEqual(planned);
  });

  it("refuses uploaded certificates without their key when this organization has none, and the hosts on them", async () => {
    const { db, target } = await otherInstance();
    const before = await rowCounts(db, target);
    const result = await applyImport(db, target, testBox, await exportSource(false), TEST_ACTOR);
    expect(result.applied).toBe(false);
    expect(names(result.refuse.map(({ item }) => item))).toEqual([
      "certificate intranet.example.lan",
      "certificate shop wildcard",
      "host intranet.example.lan",
      "host shop.example.com, www.shop.example.com",
    ]);
    expect(result.refuse[0]!.reason).toMatch(/no private key.*export again with private keys/);
    const intranetHost = result.refuse.find(({ item }) => item.kind === "host" && item.name === "intranet.example.lan");
    expect(intranetHost?.reason).toBe("Certificate intranet.example.lan is refused (see its line), and this host uses it.");
    expect(await rowCounts(db, target)).toEqual(before);
  });

  it("refuses a document of another format or version, or an invalid one, with a sentence saying so", async () => {
    const document = await exportSource();
    const { db, target } = await otherInstance();
    const before = await rowCounts(db, target);
    const newer = await rejection(planImport(db, target, testBox, { ...document, version: 2 }));
    expect(newer.code).toBe("BAD_INPUT");
    expect(newer.message).toBe(
      "This export is version 2; this Gatehouse imports version 1 only. Export again from a Gatehouse that writes this version, or upgrade this one.",
    );
    const foreign = await rejection(applyImport(db, target, testBox, { format: "something-else", version: 1 }, TEST_ACTOR));
    expect(foreign.message).toMatch(/not a Gatehouse organization export \(its format is "something-else"/);
    const broken = await rejection(applyImport(db, target, testBox, { ...document, hosts: [{ ...document.hosts[0], domains: [] }] }, TEST_ACTOR));
    expect(broken.message).toMatch(/^This export file is not valid, so nothing was imported: hosts\[0\]\.domains: /);
    expect(await rowCounts(db, target)).toEqual(before);
  });
});
