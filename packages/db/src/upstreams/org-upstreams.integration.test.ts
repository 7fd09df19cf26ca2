import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost, upstreamHost } from "../../test/host-inputs.ts";
import { rejection } from "../../test/rejection.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import { currentRevision } from "../revision.ts";
import { orgUpstreams, type TUpstreamInputDraft } from "./org-upstreams.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

function pool(name: string, ...urls: string[]): TUpstreamInputDraft {
  return { name, targets: urls.map((url) => ({ url })) };
}

async function newOrg(name: string) {
  const organizationId = await insertOrganization(temp.db, name);
  return { organizationId, upstreams: orgUpstreams(temp.db, organizationId, TEST_ACTOR), hosts: orgHosts(temp.db, organizationId, TEST_ACTOR) };
}

describe("orgUpstreams", () => {
  it("creates an upstream with every default filled, bumps the revision, and reads it back", async () => {
    const { upstreams } = await newOrg("create");
    const before = await currentRevision(temp.db);

    const created = await upstreams.create(pool(" api-servers ", "http://10.0.0.1:8080/", "http://10.0.0.2:8080"));

    expect(created).toMatchObject({
      name: "api-servers",
      policy: "round-robin",
      stickyCookie: "gh_sticky",
      targets: [
        { url: "http://10.0.0.1:8080", weight: 1, backup: false },
        { url: "http://10.0.0.2:8080", weight: 1, backup: false },
      ],
      healthCheck: null,
      passiveHealth: { maxFails: 3, windowMs: 10_000, cooldownMs: 30_000 },
      timeouts: { connectMs: 5000, responseHeadersMs: 60_000, idleMs: 60_000 },
      retries: 1,
      tls: { verify: true },
      hostCount: 0,
      revision: before + 1,
    });
    expect(await currentRevision(temp.db)).toBe(before + 1);
    expect(await upstreams.get(created.id)).toEqual(created);
    expect(await upstreams.list()).toEqual([created]);
  });

  it("updates every field and replaces the targets in the given order", async () => {
    const { upstreams } = await newOrg("update");
    const created = await upstreams.create(pool("web", "http://10.0.0.1"));

    const updated = await upstreams.update(created.id, {
      name: "web-2",
      policy: "cookie",
      stickyCookie: "route",
      targets: [
        { url: "https://10.0.0.3", weight: 5 },
        { url: "https://10.0.0.4", backup: true },
      ],
      healthCheck: { path: "/healthz", expectedStatus: [200, 204] },
      passiveHealth: { maxFails: 0 },
      timeouts: { connectMs: 1000 },
      retries: 0,
      tls: { verify: false, serverName: "internal.example" },
    });

    expect(updated).toMatchObject({
      id: created.id,
      name: "web-2",
      policy: "cookie",
      stickyCookie: "route",
      targets: [
        { url: "https://10.0.0.3", weight: 5, backup: false },
        { url: "https://10.0.0.4", weight: 1, backup: true },
      ],
      healthCheck: { path: "/healthz", intervalMs: 10_000, timeoutMs: 2000, expectedStatus: [200, 204], rise: 2, fall: 3 },
      passiveHealth: { maxFails: 0, windowMs: 10_000 },
      timeouts: { connectMs: 1000, idleMs: 60_000 },
      retries: 0,
      tls: { verify: false, serverName: "internal.example" },
      revision: created.revision + 1,
    });
    expect(await upstreams.get(created.id)).toEqual(updated);
    expect(await temp.db.upstreamTarget.count({ where: { upstreamId: created.id } })).toBe(2);
  });

  it("refuses invalid input with field errors, writing nothing", async () => {
    const { upstreams } = await newOrg("invalid");
    const revision = await currentRevision(temp.db);

    const onlyBackups = await rejection(upstreams.create({ name: "x", targets: [{ url: "http://10.0.0.1", backup: true }] }));
    const badName = await rejection(upstreams.create(pool("a/b", "http://10.0.0.1")));
    const twice = await rejection(upstreams.create(pool("twice", "http://10.0.0.1", "http://10.0.0.1/")));

    expect(onlyBackups).toMatchObject({ code: "BAD_INPUT", fieldErrors: { targets: [expect.stringContaining("not a backup")] } });
    expect(badName.fieldErrors).toHaveProperty("name");
    expect(twice.fieldErrors?.targets).toEqual(["A target is listed twice."]);
    expect(await currentRevision(temp.db)).toBe(revision);
  });

  it("keeps names unique within an organization only", async () => {
    const { upstreams } = await newOrg("names");
    const other = await newOrg("names-other");
    const first = await upstreams.create(pool("shared-name", "http://10.0.0.1"));
    const second = await upstreams.create(pool("second", "http://10.0.0.2"));

    const onCreate = await rejection(upstreams.create(pool("shared-name", "http://10.0.0.3")));
    const onUpdate = await rejection(upstreams.update(second.id, pool("shared-name", "http://10.0.0.2")));

    for (const error of [onCreate, onUpdate]) {
      expect(error).toMatchObject({ code: "CONFLICT", fieldErrors: { name: [expect.stringContaining("shared-name already exists")] } });
    }
    await expect(upstreams.update(first.id, pool("shared-name", "http://10.0.0.9"))).resolves.toMatchObject({ name: "shared-name" });
    await expect(other.upstreams.create(pool("shared-name", "http://10.0.0.1"))).resolves.toMatchObject({ name: "shared-name" });
  });

  it("answers NOT_FOUND for another organization's upstream and for a host's private upstream", async () => {
    const mine = await newOrg("mine");
    const theirs = await newOrg("theirs");
    const foreign = await theirs.upstreams.create(pool("foreign", "http://10.0.0.1"));
    const host = await mine.hosts.create(backendHost(["private.example.com"]));
    const privateId = host.locations[0]!.action.type === "proxy" ? host.locations[0]!.action.upstreamId : "";
    const revision = await currentRevision(temp.db);

    for (const id of [foreign.id, privateId, "no-such-upstream"]) {
      for (const attempt of [mine.upstreams.get(id), mine.upstreams.update(id, pool("renamed", "http://10.0.0.2")), mine.upstreams.remove(id)]) {
        expect((await rejection(attempt)).code).toBe("NOT_FOUND");
      }
    }
    expect(await mine.upstreams.list()).toEqual([]);
    expect(await currentRevision(temp.db)).toBe(revision);
    expect(await theirs.upstreams.get(foreign.id)).toEqual(foreign);
  });

  it("counts the hosts using an upstream and refuses to delete it while any does", async () => {
    const { upstreams, hosts } = await newOrg("in-use");
    const upstream = await upstreams.create(pool("busy", "http://10.0.0.1"));
    const one = await hosts.create(upstreamHost(["one.example.com"], upstream.id));
    const two = await hosts.create({
      domains: ["two.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", upstreamId: upstream.id } },
        { path: "/api", action: { type: "proxy", upstreamId: upstream.id, stripPrefix: true } },
      ],
      enabled: false,
    });
    expect((await upstreams.get(upstream.id)).hostCount).toBe(2);
    const revision = await currentRevision(temp.db);

    const refused = await rejection(upstreams.remove(upstream.id));
    expect(refused).toMatchObject({ code: "CONFLICT", message: "Used by 2 hosts; move them first." });
    await hosts.remove(one.id);
    expect((await rejection(upstreams.remove(upstream.id))).message).toBe("Used by 1 host; move it first.");
    expect(await currentRevision(temp.db)).toBe(revision + 1);

    await hosts.update(two.id, backendHost(["two.example.com"]));
    expect((await upstreams.list())[0]?.hostCount).toBe(0);
    await upstreams.remove(upstream.id);
    expect(await upstreams.list()).toEqual([]);
    expect(await temp.db.upstreamTarget.count({ where: { upstreamId: upstream.id } })).toBe(0);
    expect(await currentRevision(temp.db)).toBe(revision + 3);
  });
});
