import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { backendHost } from "../../test/host-inputs.ts";
import { rejection } from "../../test/rejection.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { currentRevision } from "../revision.ts";
import { orgHosts } from "./org-hosts.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

const temps: TTempDb[] = [];
let temp: TTempDb;
let orgA: string;
let orgB: string;

beforeEach(async () => {
  temp = await migratedTempDb();
  temps.push(temp);
  orgA = await insertOrganization(temp.db, "alpha");
  orgB = await insertOrganization(temp.db, "beta");
});

afterAll(async () => {
  await Promise.all(temps.map((t) => t.close()));
});

async function rowCounts(organizationId: string) {
  const { db } = temp;
  return {
    hosts: await db.host.count({ where: { organizationId } }),
    domains: await db.hostDomain.count({ where: { organizationId } }),
    upstreams: await db.upstream.count({ where: { organizationId } }),
    targets: await db.upstreamTarget.count({ where: { organizationId } }),
  };
}

describe("orgHosts", () => {
  it("creates a host with its private upstream and reads it back through its organization only", async () => {
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);

    const created = await hosts.create(backendHost(["App.Example.com.", "www.example.com"], "http://10.0.0.5:8080/"));

    expect(created).toMatchObject({
      enabled: true,
      domains: ["app.example.com", "www.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.5:8080", upstreamName: "app.example.com/", stripPrefix: false } },
      ],
      options: { maxBodyBytes: null, preserveHost: true, requestHeaders: [], responseHeaders: [], hideServerHeaders: false },
      revision: 1,
    });
    expect(await hosts.get(created.id)).toEqual(created);
    expect(await hosts.list()).toEqual([created]);
    expect(await orgHosts(temp.db, orgB, TEST_ACTOR).list()).toEqual([]);
    const upstream = await temp.db.upstream.findFirstOrThrow({ where: { organizationId: orgA }, include: { targets: true } });
    expect(upstream).toMatchObject({ name: "app.example.com/", private: true, revision: 1 });
    expect(upstream.targets.map((target) => target.url)).toEqual(["http://10.0.0.5:8080"]);
  });

  it("bumps the config revision exactly once per change and stamps it on the host", async () => {
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);
    const first = await hosts.create(backendHost(["a.example.com"]));
    expect(await currentRevision(temp.db)).toBe(1);

    const updated = await hosts.update(first.id, backendHost(["b.example.com", "a.example.com"], "https://10.0.0.6"));
    expect(await currentRevision(temp.db)).toBe(2);
    expect(updated).toMatchObject({ revision: 2, domains: ["b.example.com", "a.example.com"] });
    expect(updated.locations[0]?.action).toMatchObject({ backendUrl: "https://10.0.0.6" });

    const disabled = await hosts.setEnabled(first.id, false);
    expect(await currentRevision(temp.db)).toBe(3);
    expect(disabled).toMatchObject({ revision: 3, enabled: false });

    await hosts.remove(first.id);
    expect(await currentRevision(temp.db)).toBe(4);
  });

  it("keeps exactly one private upstream and target per host through updates, and removes them with it", async () => {
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);
    const host = await hosts.create(backendHost(["a.example.com"]));
    await hosts.update(host.id, backendHost(["c.example.com"], "http://10.0.0.9"));

    expect(await rowCounts(orgA)).toEqual({ hosts: 1, domains: 1, upstreams: 1, targets: 1 });
    expect((await temp.db.upstream.findFirstOrThrow({ where: { organizationId: orgA } })).name).toBe("c.example.com/");

    await hosts.remove(host.id);
    expect(await rowCounts(orgA)).toEqual({ hosts: 0, domains: 0, upstreams: 0, targets: 0 });
  });

  it("answers NOT_FOUND for another organization's host and changes nothing", async () => {
    const foreign = await orgHosts(temp.db, orgB, TEST_ACTOR).create(backendHost(["b.example.com"]));
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);
    const revision = await currentRevision(temp.db);

    for (const attempt of [
      hosts.get(foreign.id),
      hosts.update(foreign.id, backendHost(["new.example.com"])),
      hosts.setEnabled(foreign.id, false),
      hosts.remove(foreign.id),
      hosts.get("no-such-host"),
    ]) {
      const error = await rejection(attempt);
      expect(error.code).toBe("NOT_FOUND");
    }
    expect(await currentRevision(temp.db)).toBe(revision);
    expect(await orgHosts(temp.db, orgB, TEST_ACTOR).get(foreign.id)).toEqual(foreign);
  });

  it("answers NOT_FOUND rather than CONFLICT when updating a foreign host with a taken domain", async () => {
    const foreign = await orgHosts(temp.db, orgB, TEST_ACTOR).create(backendHost(["b.example.com"]));
    await orgHosts(temp.db, orgA, TEST_ACTOR).create(backendHost(["a.example.com"]));

    const error = await rejection(orgHosts(temp.db, orgA, TEST_ACTOR).update(foreign.id, backendHost(["a.example.com"])));
    expect(error.code).toBe("NOT_FOUND");
  });

  it("refuses a domain used by a host of the same organization, writing nothing", async () => {
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);
    const existing = await hosts.create(backendHost(["a.example.com"]));
    const before = { revision: await currentRevision(temp.db), rows: await rowCounts(orgA) };

    const error = await rejection(hosts.create(backendHost(["fresh.example.com", "A.example.com"])));

    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("a.example.com is already used by another host.");
    expect(error.fieldErrors).toEqual({ domains: ["a.example.com is already used by another host."] });
    expect({ revision: await currentRevision(temp.db), rows: await rowCounts(orgA) }).toEqual(before);
    expect(await hosts.get(existing.id)).toEqual(existing);
  });

  it("refuses a domain used in another organization without saying which one", async () => {
    await orgHosts(temp.db, orgB, TEST_ACTOR).create(backendHost(["b.example.com", "shared.example.com"]));
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);
    const mine = await hosts.create(backendHost(["a.example.com"]));
    const revision = await currentRevision(temp.db);

    const onCreate = await rejection(hosts.create(backendHost(["shared.example.com", "b.example.com"])));
    const onUpdate = await rejection(hosts.update(mine.id, backendHost(["a.example.com", "b.example.com"])));

    expect(onCreate.code).toBe("CONFLICT");
    expect(onCreate.message).toBe("shared.example.com, b.example.com are already used by other hosts.");
    expect(onCreate.fieldErrors?.domains).toHaveLength(2);
    expect(onUpdate.code).toBe("CONFLICT");
    for (const error of [onCreate, onUpdate]) {
      expect(JSON.stringify({ message: error.message, fieldErrors: error.fieldErrors })).not.toMatch(new RegExp(`${orgB}|beta`));
    }
    expect(await currentRevision(temp.db)).toBe(revision);
    expect(await rowCounts(orgA)).toEqual({ hosts: 1, domains: 1, upstreams: 1, targets: 1 });
    expect(await hosts.get(mine.id)).toEqual(mine);
  });

  it("lets a host keep its own domains when it is updated", async () => {
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);
    const host = await hosts.create(backendHost(["a.example.com", "b.example.com"]));

    const updated = await hosts.update(host.id, backendHost(["b.example.com", "a.example.com"], "http://10.0.0.7"));

    expect(updated.domains).toEqual(["b.example.com", "a.example.com"]);
    expect(updated.locations[0]?.action).toMatchObject({ backendUrl: "http://10.0.0.7" });
  });

  it("parses its input again at this boundary", async () => {
    const hosts = orgHosts(temp.db, orgA, TEST_ACTOR);
    const error = await rejection(
      hosts.create({ domains: ["not a domain"], locations: [{ path: "/", action: { type: "proxy", backendUrl: "ftp://x" } }] }),
    );

    expect(error.code).toBe("BAD_INPUT");
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(["domains", "locations"]);
    expect(await currentRevision(temp.db)).toBe(0);
  });

  it("goes away with its organization", async () => {
    await orgHosts(temp.db, orgA, TEST_ACTOR).create(backendHost(["a.example.com"]));
    await orgHosts(temp.db, orgB, TEST_ACTOR).create(backendHost(["b.example.com"]));

    await temp.db.organization.delete({ where: { id: orgA } });

    expect(await rowCounts(orgA)).toEqual({ hosts: 0, domains: 0, upstreams: 0, targets: 0 });
    expect(await rowCounts(orgB)).toEqual({ hosts: 1, domains: 1, upstreams: 1, targets: 1 });
  });
});
