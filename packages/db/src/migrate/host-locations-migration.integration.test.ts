import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ZProxyConfig } from "@gatehouse/shared";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBox } from "../../test/secret-box.ts";
import { createDb, type Db } from "../client.ts";
import { orgHosts } from "../hosts/org-hosts.ts";
import { currentRevision } from "../revision.ts";
import { getInstanceSettings } from "../settings.ts";
import { compileSnapshot } from "../snapshot.ts";
import { orgUpstreams } from "../upstreams/org-upstreams.ts";
import { DEFAULT_PRISMA_DIR, knownMigrationNames } from "./migrations-dir.ts";
import { applyMigrations } from "./index.ts";
import { TEST_ACTOR } from "../../test/actor.ts";

const INIT = "20261129101842_init";
const CREATED = "2026-11-01T09:00:00.000+00:00";
const UPDATED = "2026-11-02T09:00:00.000+00:00";

let dir: string;
let db: Db;

/** Rows as the v1 control plane wrote them: one private upstream and target per host. */
function insertV1Data(dbFile: string): void {
  const connection = new Database(dbFile);
  try {
    connection.exec(`
      INSERT INTO "organization" ("id", "name", "slug", "createdAt") VALUES ('org', 'Org', 'org', '${CREATED}');
      INSERT INTO "Upstream" ("id", "organizationId", "name") VALUES ('up-app', 'org', 'app.example.com'), ('up-off', 'org', 'off.example.com'),
        ('up-orphan', 'org', 'orphan.example.com');
      INSERT INTO "UpstreamTarget" ("id", "upstreamId", "organizationId", "url", "weight") VALUES
        ('t-app', 'up-app', 'org', 'http://10.0.0.1:3000', 1), ('t-off', 'up-off', 'org', 'https://10.0.0.2', 1);
      INSERT INTO "Host" ("id", "organizationId", "enabled", "upstreamId", "revision", "createdAt", "updatedAt") VALUES
        ('h-app', 'org', true, 'up-app', 1, '${CREATED}', '${UPDATED}'), ('h-off', 'org', false, 'up-off', 3, '${CREATED}', '${UPDATED}');
      INSERT INTO "HostDomain" ("id", "hostId", "organizationId", "domain", "position") VALUES
        ('d1', 'h-app', 'org', 'app.example.com', 0), ('d2', 'h-app', 'org', 'www.example.com', 1), ('d3', 'h-off', 'org', 'off.example.com', 0);
      UPDATE "ConfigState" SET "revision" = 3 WHERE "id" = 1;
    `);
  } finally {
    connection.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gatehouse-migrate-v1-"));
  const v1PrismaDir = join(dir, "prisma-v1");
  await cp(DEFAULT_PRISMA_DIR, v1PrismaDir, { recursive: true });
  for (const folder of await readdir(join(v1PrismaDir, "migrations"))) {
    if (folder !== INIT && !folder.endsWith(".toml")) await rm(join(v1PrismaDir, "migrations", folder), { recursive: true });
  }
  const dbFile = join(dir, "gatehouse.db");
  expect((await applyMigrations(dbFile, { prismaDir: v1PrismaDir })).applied).toEqual([INIT]);
  insertV1Data(dbFile);

  const { applied } = await applyMigrations(dbFile);
  // Every migration written after the first one applies on top of v1 data, the locations one first.
  expect(applied).toEqual((await knownMigrationNames(DEFAULT_PRISMA_DIR)).filter((name) => name !== INIT));
  expect(applied[0]).toMatch(/_host_locations_upstreams_settings$/);
  db = createDb(dbFile);
});

afterAll(async () => {
  await db?.$disconnect();
  await rm(dir, { recursive: true, force: true });
});

describe("migrating v1 hosts to locations", () => {
  it("turns each host's upstream into its private '/' location and keeps everything else", async () => {
    const hosts = await orgHosts(db, "org", TEST_ACTOR).list();

    expect(hosts).toHaveLength(2);
    expect(hosts[0]).toMatchObject({
      id: "h-app",
      enabled: true,
      domains: ["app.example.com", "www.example.com"],
      locations: [
        { path: "/", action: { type: "proxy", upstreamId: "up-app", upstreamName: "app.example.com/", backendUrl: "http://10.0.0.1:3000", stripPrefix: false } },
      ],
      options: { preserveHost: true, maxBodyBytes: null },
      revision: 1,
      createdAt: new Date(CREATED),
    });
    expect(hosts[1]).toMatchObject({ id: "h-off", enabled: false, revision: 3 });
    expect(await currentRevision(db)).toBe(3);
  });

  it("marks the old upstreams private, with their host's revision and timestamps and default settings", async () => {
    const upstreams = await db.upstream.findMany({ where: { organizationId: "org" }, orderBy: { id: "asc" } });

    expect(upstreams.map((u) => [u.id, u.name, u.private, u.revision])).toEqual([
      ["up-app", "app.example.com/", true, 1],
      ["up-off", "off.example.com/", true, 3],
      ["up-orphan", "orphan.example.com/", true, 0],
    ]);
    expect(upstreams[0]).toMatchObject({ createdAt: new Date(CREATED), updatedAt: new Date(UPDATED), policy: "round-robin", healthCheck: null });
    expect(Number.isNaN(upstreams[2]!.createdAt.getTime())).toBe(false);
    expect(await orgUpstreams(db, "org", TEST_ACTOR).list()).toEqual([]);
  });

  it("compiles a valid snapshot with default settings and the hosts as plain HTTP", async () => {
    const snapshot = await compileSnapshot(db, testBox);

    expect(ZProxyConfig.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.settings).toEqual({ defaultSite: { type: "not-found" }, trustedProxies: [], unknownSni: "default-certificate" });
    expect(snapshot.hosts.map((host) => [host.id, host.tls])).toEqual([["h-app", { certificateId: null, forceHttps: false, hsts: null }]]);
    expect(snapshot.upstreams).toMatchObject([{ id: "up-app", targets: [{ url: "http://10.0.0.1:3000", weight: 1, backup: false }] }]);
    expect(await getInstanceSettings(db)).toEqual(snapshot.settings);
  });

  it("lets a migrated host be edited, keeping its private upstream's id", async () => {
    const updated = await orgHosts(db, "org", TEST_ACTOR).update("h-app", {
      domains: ["app.example.com"],
      locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.9" } }],
    });

    expect(updated.locations[0]?.action).toMatchObject({ upstreamId: "up-app", backendUrl: "http://10.0.0.9" });
    expect(await db.upstreamTarget.count({ where: { organizationId: "org", upstreamId: "up-app" } })).toBe(1);
  });
});
