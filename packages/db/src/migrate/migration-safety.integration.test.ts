import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection } from "../../test/rejection.ts";
import { checkBackupFile } from "../backup/index.ts";
import { DEFAULT_PRISMA_DIR, knownMigrationNames } from "./migrations-dir.ts";
import { applyMigrations } from "./index.ts";

const BROKEN = "29990101000000_broken";
let dir: string;
/** This build's migrations plus one that creates a table, alters another and then fails. */
let brokenPrismaDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gatehouse-migrate-safety-"));
  brokenPrismaDir = join(dir, "prisma-broken");
  await cp(DEFAULT_PRISMA_DIR, brokenPrismaDir, { recursive: true });
  await mkdir(join(brokenPrismaDir, "migrations", BROKEN));
  await writeFile(
    join(brokenPrismaDir, "migrations", BROKEN, "migration.sql"),
    'CREATE TABLE "Widget" ("id" TEXT NOT NULL PRIMARY KEY);\nALTER TABLE "Host" ADD COLUMN "color" TEXT;\nUPDATE "ConfigState" SET "revision" = 99;\nTHIS IS NOT SQL;\n',
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function query<T>(dbFile: string, sql: string): T[] {
  const connection = new Database(dbFile, { fileMustExist: true });
  try {
    return connection.prepare(sql).all() as T[];
  } finally {
    connection.close();
  }
}

/** The database's content as SQL text: equal dumps mean nothing changed. */
function dump(dbFile: string): string {
  return query<{ sql: string | null; name: string }>(dbFile, "SELECT name, sql FROM sqlite_master ORDER BY name")
    .map((row) => `${row.name}: ${row.sql}`)
    .concat(JSON.stringify(query(dbFile, 'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name')))
    .concat(JSON.stringify(query(dbFile, 'SELECT * FROM "ConfigState"')))
    .concat(JSON.stringify(query(dbFile, 'SELECT * FROM "organization"')))
    .join("\n");
}

async function migratedDataDir(name: string): Promise<string> {
  const dbFile = join(dir, name, "gatehouse.db");
  await applyMigrations(dbFile);
  query(dbFile, "INSERT INTO organization (id, name, slug, createdAt) VALUES ('org', 'Org', 'org', '2026-11-29T00:00:00Z') RETURNING id");
  query(dbFile, 'UPDATE "ConfigState" SET revision = 5 WHERE id = 1 RETURNING id');
  return dbFile;
}

describe("applyMigrations on an upgrade", () => {
  it("puts the pre-migration copy back when a migration fails, and says so in one line", async () => {
    const dbFile = await migratedDataDir("failing");
    const before = dump(dbFile);

    const error = await rejection(applyMigrations(dbFile, { prismaDir: brokenPrismaDir }));

    const backups = await readdir(join(dir, "failing", "backups"));
    expect(backups).toEqual([expect.stringMatching(/^pre-migration-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db$/)]);
    const copy = join(dir, "failing", "backups", backups[0]!);
    expect(error.message).toBe(
      `migration ${BROKEN} failed: near "THIS": syntax error; the database was left as it was (copy in ${copy})`,
    );
    expect(error.message).not.toContain("\n");
    expect(dump(dbFile)).toBe(before);
    expect(before).not.toContain("Widget");
    // The copy itself is a valid backup of the pre-upgrade database.
    expect(await checkBackupFile(copy)).toMatchObject({ revision: 5, pending: [] });
    // Fixing the migration and starting again applies it normally.
    await writeFile(join(brokenPrismaDir, "migrations", BROKEN, "migration.sql"), 'CREATE TABLE "Widget" ("id" TEXT NOT NULL PRIMARY KEY);\n');
    try {
      expect(await applyMigrations(dbFile, { prismaDir: brokenPrismaDir })).toEqual({ applied: [BROKEN] });
    } finally {
      await writeFile(join(brokenPrismaDir, "migrations", BROKEN, "migration.sql"), "THIS IS NOT SQL;\n");
    }
  });

  it("removes a new database whose migrations fail, rather than leaving half of one", async () => {
    const dbFile = join(dir, "new-failing", "gatehouse.db");

    const error = await rejection(applyMigrations(dbFile, { prismaDir: brokenPrismaDir }));

    expect(error.message).toMatch(new RegExp(`^migration ${BROKEN} failed: .*; the database was left as it was \\(it was new and has been removed\\)$`));
    expect(await readdir(join(dir, "new-failing"))).toEqual([]);
  });

  it("takes no copy when nothing is pending", async () => {
    const dbFile = await migratedDataDir("up-to-date");

    expect(await applyMigrations(dbFile)).toEqual({ applied: [] });
    expect(await readdir(join(dir, "up-to-date"))).not.toContain("backups");
  });

  it("refuses to start on a database written by a newer Gatehouse, changing nothing", async () => {
    const dbFile = await migratedDataDir("newer");
    const newest = (await knownMigrationNames(brokenPrismaDir)).at(-1);
    query(
      dbFile,
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ('future', '${"0".repeat(64)}', 1, '${newest}', 1, 1) RETURNING id`,
    );
    const before = dump(dbFile);

    const error = await rejection(applyMigrations(dbFile));

    expect(error.message).toBe(
      `${dbFile} was written by a newer Gatehouse (migration ${BROKEN} is unknown to this version): upgrade first, or restore a backup made by this version.`,
    );
    expect(dump(dbFile)).toBe(before);
  });
});
