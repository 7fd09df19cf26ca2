import { beforeAll, describe, expect, it } from "vitest";
import { captureLogs } from "../../test/log-capture.ts";
import { snapshotOf } from "../../test/snapshots.ts";
import { compileSniIndex, findCertificate, SecureContextCache } from "./certificate-store.ts";
import { createDefaultCertificate, type TKeyPair } from "./tls-identity.ts";

describe("SNI certificate store", () => {
  let first: TKeyPair;
  let second: TKeyPair;
  beforeAll(async () => {
    [first, second] = await Promise.all([createDefaultCertificate(), createDefaultCertificate()]);
  });

  function config(pairs: { exact: TKeyPair; wild: TKeyPair }) {
    const respond = [{ path: "/", action: { type: "respond" as const, status: 200 } }];
    return snapshotOf(1, {
      upstreams: [],
      hosts: [
        { id: "exact", domains: ["a.test", "www.a.test"], locations: respond, tls: { certificateId: "c-exact" } },
        { id: "wild", domains: ["*.wild.test"], locations: respond, tls: { certificateId: "c-wild" } },
        { id: "plain", domains: ["plain.test"], locations: respond },
      ],
      certificates: [
        { id: "c-exact", domains: ["a.test", "www.a.test"], certificatePem: pairs.exact.certificatePem, privateKeyPem: pairs.exact.privateKeyPem },
        { id: "c-wild", domains: ["*.wild.test"], certificatePem: pairs.wild.certificatePem, privateKeyPem: pairs.wild.privateKeyPem },
      ],
    });
  }

  it("finds a host's certificate by its exact domains, then by one-label wildcard, case- and dot-insensitively", () => {
    const index = compileSniIndex(config({ exact: first, wild: second }), new SecureContextCache(captureLogs().logger));
    const exact = findCertificate(index, "a.test");
    expect(exact).toBeDefined();
    expect(findCertificate(index, "WWW.A.test.")).toBe(exact);
    const wild = findCertificate(index, "x.wild.test");
    expect(wild).toBeDefined();
    expect(wild).not.toBe(exact);
    expect(findCertificate(index, "x.y.wild.test")).toBeUndefined();
    expect(findCertificate(index, "wild.test")).toBeUndefined();
    expect(findCertificate(index, "plain.test")).toBeUndefined();
  });

  it("reuses a certificate's secure context across snapshots until its PEM changes", () => {
    const cache = new SecureContextCache(captureLogs().logger);
    const before = compileSniIndex(config({ exact: first, wild: second }), cache);
    const same = compileSniIndex(config({ exact: first, wild: second }), cache);
    expect(findCertificate(same, "a.test")).toBe(findCertificate(before, "a.test"));
    const renewed = compileSniIndex(config({ exact: second, wild: second }), cache);
    expect(findCertificate(renewed, "a.test")).not.toBe(findCertificate(before, "a.test"));
    expect(findCertificate(renewed, "x.wild.test")).toBe(findCertificate(before, "x.wild.test"));
  });

  it("logs a certificate whose key does not match and leaves its hosts to the default certificate", () => {
    const logs = captureLogs();
    const mismatched = { certificatePem: first.certificatePem, privateKeyPem: second.privateKeyPem };
    const index = compileSniIndex(config({ exact: mismatched, wild: second }), new SecureContextCache(logs.logger));
    expect(findCertificate(index, "a.test")).toBeUndefined();
    expect(findCertificate(index, "x.wild.test")).toBeDefined();
    const [line] = logs.find("certificate cannot be served: its hosts get the default certificate until it is replaced");
    expect(line).toMatchObject({ certificateId: "c-exact", level: 50 });
  });
});
