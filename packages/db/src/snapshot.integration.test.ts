import { PROXY_CONFIG_SCHEMA_VERSION, ZProxyConfig } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertOrganization, migratedTempDb, type TTempDb } from "../test/temp-db.ts";
import { orgHosts } from "./hosts/org-hosts.ts";
import { compileSnapshot } from "./snapshot.ts";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

describe("compileSnapshot", () => {
  it("compiles an empty instance at revision 0", async () => {
    const snapshot = await compileSnapshot(temp.db);

    expect(snapshot).toMatchObject({ schemaVersion: PROXY_CONFIG_SCHEMA_VERSION, revision: 0, hosts: [], upstreams: [] });
    expect(() => ZProxyConfig.parse(snapshot)).not.toThrow();
  });

  it("holds the enabled hosts of every organization with their domains and upstream targets", async () => {
    const alpha = orgHosts(temp.db, await insertOrganization(temp.db, "alpha"));
    const beta = orgHosts(temp.db, await insertOrganization(temp.db, "beta"));
    const app = await alpha.create({ domains: ["app.example.com", "www.example.com"], backendUrl: "http://10.0.0.1:3000", enabled: true });
    const off = await alpha.create({ domains: ["off.example.com"], backendUrl: "http://10.0.0.2", enabled: true });
    const shop = await beta.create({ domains: ["shop.example.org"], backendUrl: "https://10.0.0.3", enabled: true });
    await alpha.setEnabled(off.id, false);

    const snapshot = await compileSnapshot(temp.db);

    expect(snapshot.revision).toBe(4);
    expect(Date.parse(snapshot.generatedAt)).not.toBeNaN();
    expect(snapshot.hosts).toHaveLength(2);
    const upstreamOf = (hostId: string) => {
      const host = snapshot.hosts.find((candidate) => candidate.id === hostId);
      return { host, upstream: snapshot.upstreams.find((candidate) => candidate.id === host?.upstreamId) };
    };
    expect(upstreamOf(app.id)).toMatchObject({
      host: { domains: ["app.example.com", "www.example.com"] },
      upstream: { name: "app.example.com", targets: [{ url: "http://10.0.0.1:3000", weight: 1 }] },
    });
    expect(upstreamOf(shop.id)).toMatchObject({
      host: { domains: ["shop.example.org"] },
      upstream: { name: "shop.example.org", targets: [{ url: "https://10.0.0.3", weight: 1 }] },
    });
    expect(snapshot.upstreams).toHaveLength(2);
    expect(JSON.stringify(snapshot)).not.toContain("off.example.com");
    expect(ZProxyConfig.parse(snapshot)).toEqual(snapshot);
  });
});
