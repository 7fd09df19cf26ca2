import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backendHost, upstreamHost } from "../../test/host-inputs.ts";
import { rejection } from "../../test/rejection.ts";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { currentRevision } from "../revision.ts";
import { orgUpstreams } from "../upstreams/org-upstreams.ts";
import type { TLocationView } from "./host-view.ts";
import { orgHosts } from "./org-hosts.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

let temp: TTempDb;

beforeAll(async () => {
  temp = await migratedTempDb();
});

afterAll(async () => {
  await temp.close();
});

async function newOrg(name: string) {
  const organizationId = await insertOrganization(temp.db, name);
  return { organizationId, upstreams: orgUpstreams(temp.db, organizationId, TEST_ACTOR), hosts: orgHosts(temp.db, organizationId, TEST_ACTOR) };
}

function upstreamIdOf(location: TLocationView | undefined): string {
  if (location?.action.type !== "proxy") throw new Error("not a proxy location");
  return location.action.upstreamId;
}

async function privateUpstreams(organizationId: string) {
  return temp.db.upstream.findMany({
    where: { organizationId, private: true },
    select: { id: true, name: true, revision: true, targets: { select: { url: true } } },
    orderBy: { name: "asc" },
  });
}

describe("host locations", () => {
  it("stores proxy, respond and redirect locations in order, with the host's options", async () => {
    const { upstreams, hosts } = await newOrg("shapes");
    const api = await upstreams.create({ name: "api", targets: [{ url: "http://10.0.0.1" }] });

    const host = await hosts.create({
      domains: ["*.shapes.example.com", "shapes.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.9:3000" } },
        { path: "/api", action: { type: "proxy", upstreamId: api.id, stripPrefix: true } },
        { path: "/health", action: { type: "respond", status: 200, body: "ok" } },
        { path: "/old", action: { type: "redirect", status: 308, to: "https://new.example.com/x", keepPath: false } },
      ],
      options: {
        maxBodyBytes: 1_048_576,
        preserveHost: false,
        requestHeaders: [{ name: "X-Env", value: "prod" }],
        responseHeaders: [{ name: "Strict-Transport-Security", value: "max-age=63072000" }],
        hideServerHeaders: true,
      },
    });

    expect(host.domains).toEqual(["*.shapes.example.com", "shapes.example.com"]);
    expect(host.locations).toEqual([
      {
        path: "/",
        action: { type: "proxy", upstreamId: expect.any(String), upstreamName: "*.shapes.example.com/", backendUrl: "http://10.0.0.9:3000", stripPrefix: false },
      },
      { path: "/api", action: { type: "proxy", upstreamId: api.id, upstreamName: "api", backendUrl: null, stripPrefix: true } },
      { path: "/health", action: { type: "respond", status: 200, body: "ok", contentType: "text/plain; charset=utf-8" } },
      { path: "/old", action: { type: "redirect", status: 308, to: "https://new.example.com/x", keepPath: false } },
    ]);
    expect(host.options).toEqual({
      maxBodyBytes: 1_048_576,
      preserveHost: false,
      requestHeaders: [{ name: "X-Env", value: "prod" }],
      responseHeaders: [{ name: "Strict-Transport-Security", value: "max-age=63072000" }],
      hideServerHeaders: true,
    });
    expect(await hosts.get(host.id)).toEqual(host);
    expect((await upstreams.get(api.id)).hostCount).toBe(1);
  });

  it("creates, updates and deletes private upstreams with their host, and never lists them", async () => {
    const { organizationId, upstreams, hosts } = await newOrg("private");
    const host = await hosts.create({
      domains: ["p.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.1" } },
        { path: "/api", action: { type: "proxy", backendUrl: "http://10.0.0.2" } },
      ],
    });
    const [rootId, apiId] = [upstreamIdOf(host.locations[0]), upstreamIdOf(host.locations[1])];
    expect(await privateUpstreams(organizationId)).toEqual([
      { id: rootId, name: "p.example.com/", revision: host.revision, targets: [{ url: "http://10.0.0.1" }] },
      { id: apiId, name: "p.example.com/api", revision: host.revision, targets: [{ url: "http://10.0.0.2" }] },
    ]);
    expect(await upstreams.list()).toEqual([]);

    // Same path keeps its upstream (and id) with the new URL and first domain; a dropped path's goes.
    const renamed = await hosts.update(host.id, {
      domains: ["q.example.com", "p.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.3" } },
        { path: "/v2", action: { type: "proxy", backendUrl: "http://10.0.0.4" } },
      ],
    });
    const v2Id = upstreamIdOf(renamed.locations[1]);
    expect(upstreamIdOf(renamed.locations[0])).toBe(rootId);
    expect(await privateUpstreams(organizationId)).toEqual([
      { id: rootId, name: "q.example.com/", revision: renamed.revision, targets: [{ url: "http://10.0.0.3" }] },
      { id: v2Id, name: "q.example.com/v2", revision: renamed.revision, targets: [{ url: "http://10.0.0.4" }] },
    ]);

    // Moving "/" to a shared upstream drops its private one; deleting the host drops the rest.
    const shared = await upstreams.create({ name: "shared", targets: [{ url: "http://10.0.0.5" }] });
    await hosts.update(host.id, {
      domains: ["q.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", upstreamId: shared.id } },
        { path: "/v2", action: { type: "proxy", backendUrl: "http://10.0.0.4" } },
      ],
    });
    expect((await privateUpstreams(organizationId)).map((u) => u.id)).toEqual([v2Id]);
    await hosts.remove(host.id);
    expect(await privateUpstreams(organizationId)).toEqual([]);
    expect(await upstreams.list()).toMatchObject([{ id: shared.id, hostCount: 0 }]);
    expect(await temp.db.upstreamTarget.count({ where: { organizationId } })).toBe(1);
  });

  it("refuses another organization's upstream and another host's private upstream, writing nothing", async () => {
    const mine = await newOrg("uses-mine");
    const theirs = await newOrg("uses-theirs");
    const foreign = await theirs.upstreams.create({ name: "foreign", targets: [{ url: "http://10.0.0.1" }] });
    const other = await mine.hosts.create(backendHost(["other.example.com"]));
    const existing = await mine.hosts.create(backendHost(["existing.example.com"]));
    const revision = await currentRevision(temp.db);

    for (const upstreamId of [foreign.id, upstreamIdOf(other.locations[0]), "no-such-upstream"]) {
      const onCreate = await rejection(mine.hosts.create(upstreamHost(["new.example.com"], upstreamId)));
      const onUpdate = await rejection(mine.hosts.update(existing.id, upstreamHost(["existing.example.com"], upstreamId)));
      for (const error of [onCreate, onUpdate]) {
        expect(error).toMatchObject({ code: "BAD_INPUT", fieldErrors: { locations: ["This upstream does not exist."] } });
      }
    }
    expect(await currentRevision(temp.db)).toBe(revision);
    expect(await mine.hosts.list()).toEqual([other, existing]);
  });

  it("keeps wildcard domains unique across the instance, like exact ones", async () => {
    const first = await newOrg("wild-a");
    const second = await newOrg("wild-b");
    await first.hosts.create(backendHost(["*.wild.example.com"]));

    const error = await rejection(second.hosts.create(backendHost(["*.WILD.example.com."])));

    expect(error).toMatchObject({ code: "CONFLICT", fieldErrors: { domains: ["*.wild.example.com is already used by another host."] } });
    // An exact name under the wildcard is a different domain: exact names win when routing.
    await expect(second.hosts.create(backendHost(["a.wild.example.com"]))).resolves.toMatchObject({ domains: ["a.wild.example.com"] });
  });
});
