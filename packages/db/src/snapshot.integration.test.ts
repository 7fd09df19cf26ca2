import { PROXY_CONFIG_SCHEMA_VERSION, ZProxyConfig } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost, upstreamHost } from "../test/host-inputs.ts";
import { testBox } from "../test/secret-box.ts";
import { issueTestCertificate, testRoot } from "../test/test-certificates.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../test/temp-db.ts";
import { putChallenges } from "./certificates/acme-challenges.ts";
import { storeIssuedCertificate } from "./certificates/certificate-engine.ts";
import { orgCertificates } from "./certificates/org-certificates.ts";
import { orgHosts } from "./hosts/org-hosts.ts";
import { updateInstanceSettings } from "./settings.ts";
import { compileSnapshot } from "./snapshot.ts";
import { orgUpstreams } from "./upstreams/org-upstreams.ts";
import { TEST_ACTOR } from "../test/actor.ts";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

describe("compileSnapshot", () => {
  it("compiles an empty instance at revision 0 with the default settings", async () => {
    const snapshot = await compileSnapshot(temp.db, testBox);

    expect(snapshot).toMatchObject({
      schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
      revision: 0,
      settings: { defaultSite: { type: "not-found" }, trustedProxies: [], unknownSni: "default-certificate" },
      hosts: [],
      upstreams: [],
      certificates: [],
      acmeChallenges: [],
    });
    expect(() => ZProxyConfig.parse(snapshot)).not.toThrow();
  });

  it("holds settings, every organization's enabled hosts and exactly the upstreams they use", async () => {
    const alphaId = await insertOrganization(temp.db, "alpha");
    const alpha = { hosts: orgHosts(temp.db, alphaId, TEST_ACTOR), upstreams: orgUpstreams(temp.db, alphaId, TEST_ACTOR) };
    const beta = orgHosts(temp.db, await insertOrganization(temp.db, "beta"), TEST_ACTOR);
    const api = await alpha.upstreams.create({
      name: "api",
      policy: "least-connections",
      targets: [
        { url: "https://10.0.0.1:8443", weight: 3 },
        { url: "https://10.0.0.2:8443", backup: true },
      ],
      healthCheck: { path: "/healthz", intervalMs: 5000, rise: 1 },
      timeouts: { responseHeadersMs: 30_000 },
      tls: { verify: false, serverName: "api.internal" },
    });
    const onlyDisabled = await alpha.upstreams.create({ name: "only-disabled", targets: [{ url: "http://10.0.0.3" }] });
    await alpha.upstreams.create({ name: "unused", targets: [{ url: "http://10.0.0.4" }] });
    const app = await alpha.hosts.create({
      domains: ["app.example.com", "*.app.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.5:3000" } },
        { path: "/api", action: { type: "proxy", upstreamId: api.id, stripPrefix: true } },
        { path: "/ping", action: { type: "respond", status: 200, body: "pong" } },
      ],
      options: { maxBodyBytes: 1024, hideServerHeaders: true, requestHeaders: [{ name: "X-From", value: "gatehouse" }] },
    });
    const moved = await alpha.hosts.create({
      domains: ["old.example.com"],
      locations: [{ path: "/", action: { type: "redirect", status: 301, to: "https://app.example.com" } }],
    });
    const off = await alpha.hosts.create({ ...upstreamHost(["off.example.com"], onlyDisabled.id), enabled: false });
    const shop = await beta.create(backendHost(["shop.example.org"], "https://10.0.0.6"));
    await updateInstanceSettings(temp.db, {
      defaultSite: { type: "redirect", to: "https://www.example.com", status: 302 },
      trustedProxies: ["10.0.0.0/8", "fd00::/8"],
    }, TEST_ACTOR);

    const snapshot = await compileSnapshot(temp.db, testBox);

    expect(ZProxyConfig.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.revision).toBe(8); // three upstreams, four hosts, the settings
    expect(Date.parse(snapshot.generatedAt)).not.toBeNaN();
    expect(snapshot.settings).toEqual({
      defaultSite: { type: "redirect", to: "https://www.example.com", status: 302 },
      trustedProxies: ["10.0.0.0/8", "fd00::/8"],
      unknownSni: "default-certificate",
    });
    const appPrivateId = app.locations[0]!.action.type === "proxy" ? app.locations[0]!.action.upstreamId : "";
    expect(snapshot.hosts).toEqual([
      {
        id: app.id,
        domains: ["app.example.com", "*.app.example.com"],
        locations: [
          { path: "/", action: { type: "proxy", upstreamId: appPrivateId, stripPrefix: false } },
          { path: "/api", action: { type: "proxy", upstreamId: api.id, stripPrefix: true } },
          { path: "/ping", action: { type: "respond", status: 200, body: "pong", contentType: "text/plain; charset=utf-8" } },
        ],
        options: {
          maxBodyBytes: 1024,
          preserveHost: true,
          requestHeaders: [{ name: "X-From", value: "gatehouse" }],
          responseHeaders: [],
          hideServerHeaders: true,
        },
        tls: { certificateId: null, forceHttps: false, hsts: null },
      },
      {
        id: moved.id,
        domains: ["old.example.com"],
        locations: [{ path: "/", action: { type: "redirect", status: 301, to: "https://app.example.com", keepPath: true } }],
        options: { maxBodyBytes: null, preserveHost: true, requestHeaders: [], responseHeaders: [], hideServerHeaders: false },
        tls: { certificateId: null, forceHttps: false, hsts: null },
      },
      expect.objectContaining({ id: shop.id, domains: ["shop.example.org"] }),
    ]);
    const upstreamById = new Map(snapshot.upstreams.map((upstream) => [upstream.id, upstream]));
    expect([...upstreamById.keys()].sort()).toEqual(
      [appPrivateId, api.id, shop.locations[0]!.action.type === "proxy" ? shop.locations[0]!.action.upstreamId : ""].sort(),
    );
    expect(upstreamById.get(api.id)).toEqual({
      id: api.id,
      name: "api",
      policy: "least-connections",
      stickyCookie: "gh_sticky",
      targets: [
        { url: "https://10.0.0.1:8443", weight: 3, backup: false },
        { url: "https://10.0.0.2:8443", weight: 1, backup: true },
      ],
      healthCheck: { path: "/healthz", intervalMs: 5000, timeoutMs: 2000, expectedStatus: [200, 399], rise: 1, fall: 3 },
      passiveHealth: { maxFails: 3, windowMs: 10_000, cooldownMs: 30_000 },
      timeouts: { connectMs: 5000, responseHeadersMs: 30_000, idleMs: 60_000 },
      retries: 1,
      tls: { verify: false, serverName: "api.internal" },
    });
    expect(upstreamById.get(appPrivateId)).toMatchObject({
      name: "app.example.com/",
      policy: "round-robin",
      targets: [{ url: "http://10.0.0.5:3000", weight: 1, backup: false }],
      healthCheck: null,
      tls: { verify: true },
    });
    expect(JSON.stringify(snapshot)).not.toMatch(/off\.example\.com|only-disabled|unused/);
    expect(off.enabled).toBe(false);
  });
});

describe("compileSnapshot: TLS", () => {
  it("carries the certificates enabled hosts can serve, keys opened, and the pending challenges", async () => {
    const organizationId = await insertOrganization(temp.db, "gamma");
    const hosts = orgHosts(temp.db, organizationId, TEST_ACTOR);
    const certificates = orgCertificates(temp.db, organizationId, testBox, TEST_ACTOR);
    const hsts = { maxAgeSeconds: 31_536_000, includeSubDomains: true, preload: false };
    const wildcard = await certificates.createSelfSigned({ domains: ["*.tls.example.com"] });
    const unusedByEnabled = await certificates.createSelfSigned({ domains: ["off.tls.example.com"] });
    const automatic = await hosts.create({ ...backendHost(["auto.tls.example.com"]), tls: { mode: "automatic", forceHttps: true, hsts } });
    const first = await hosts.create({ ...backendHost(["a.tls.example.com"]), tls: { mode: "certificate", certificateId: wildcard.id, forceHttps: true, hsts } });
    const second = await hosts.create({ ...backendHost(["b.tls.example.com"]), tls: { mode: "certificate", certificateId: wildcard.id } });
    await hosts.create({ ...backendHost(["off.tls.example.com"], undefined, false), tls: { mode: "certificate", certificateId: unusedByEnabled.id } });
    const acmeCertificateId = automatic.tls.certificateId!;
    await putChallenges(temp.db, acmeCertificateId, [
      { domain: "auto.tls.example.com", token: "token-bbbbbbbbbbbbbbbb", keyAuthorization: "token-bbbbbbbbbbbbbbbb.thumbprint" },
    ]);

    const pending = await compileSnapshot(temp.db, testBox);

    const wildcardRow = await temp.db.certificate.findUniqueOrThrow({ where: { id: wildcard.id } });
    expect(pending.certificates).toEqual([
      { id: wildcard.id, domains: ["*.tls.example.com"], certificatePem: wildcardRow.certificatePem, privateKeyPem: testBox.open(wildcardRow.privateKeyEncrypted!) },
    ]);
    expect(pending.certificates[0]!.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const tlsOf = (snapshot: typeof pending, id: string) => snapshot.hosts.find((host) => host.id === id)?.tls;
    // Waiting for its first certificate: plain HTTP, not redirected to an HTTPS that would fail.
    expect(tlsOf(pending, automatic.id)).toEqual({ certificateId: null, forceHttps: false, hsts: null });
    expect(tlsOf(pending, first.id)).toEqual({ certificateId: wildcard.id, forceHttps: true, hsts });
    expect(tlsOf(pending, second.id)).toEqual({ certificateId: wildcard.id, forceHttps: false, hsts: null });
    expect(pending.acmeChallenges).toEqual([{ token: "token-bbbbbbbbbbbbbbbb", keyAuthorization: "token-bbbbbbbbbbbbbbbb.thumbprint" }]);

    const root = await testRoot();
    const issued = await issueTestCertificate(root, { domains: ["auto.tls.example.com"] });
    const revision = await storeIssuedCertificate(temp.db, testBox, acmeCertificateId, { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem });

    const live = await compileSnapshot(temp.db, testBox);

    expect(live.revision).toBe(revision);
    expect(live.certificates.map((certificate) => certificate.id)).toEqual([acmeCertificateId, wildcard.id]);
    expect(live.certificates[0]).toEqual({
      id: acmeCertificateId,
      domains: ["auto.tls.example.com"],
      certificatePem: issued.certificatePem,
      privateKeyPem: issued.privateKeyPem,
    });
    expect(tlsOf(live, automatic.id)).toEqual({ certificateId: acmeCertificateId, forceHttps: true, hsts });
  });
});
