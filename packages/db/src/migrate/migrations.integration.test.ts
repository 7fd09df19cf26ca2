import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PRISMA_DIR } from "./migrations-dir.ts";
import { applyMigrations, createMigration } from "./index.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gatehouse-migrate-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function committedMigrations(prismaDir: string): Promise<string[]> {
  const entries = await readdir(join(prismaDir, "migrations"), { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

function query<T>(dbFile: string, sql: string): T[] {
  const connection = new Database(dbFile, { readonly: true });
  try {
    return connection.prepare(sql).all() as T[];
  } finally {
    connection.close();
  }
}

describe("applyMigrations", () => {
  it("creates the schema in a new file (and its folder) and records what it applied", async () => {
    const dbFile = join(dir, "nested", "fresh.db");
    const migrations = await committedMigrations(DEFAULT_PRISMA_DIR);

    const { applied } = await applyMigrations(dbFile);

    expect(applied).toEqual(migrations);
    const recorded = query<{ migration_name: string; finished_at: string | null }>(
      dbFile,
      'SELECT migration_name, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(recorded.map((row) => row.migration_name)).toEqual(migrations);
    expect(recorded.every((row) => row.finished_at !== null)).toBe(true);
    expect(query(dbFile, 'SELECT id, revision FROM "ConfigState"')).toEqual([{ id: 1, revision: 0 }]);
    expect(query(dbFile, "PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
  });

  it("applies nothing the second time", async () => {
    const dbFile = join(dir, "twice.db");
    await applyMigrations(dbFile);

    expect(await applyMigrations(dbFile)).toEqual({ applied: [] });
    expect(query(dbFile, 'SELECT COUNT(*) AS n FROM "_prisma_migrations"')).toEqual([
      { n: (await committedMigrations(DEFAULT_PRISMA_DIR)).length },
    ]);
  });
});

describe("createMigration", () => {
  it("returns null and writes nothing when schema.prisma matches the committed migrations", async () => {
    const before = await committedMigrations(DEFAULT_PRISMA_DIR);

    expect(await createMigration("nothing_changed")).toBeNull();
    expect(await committedMigrations(DEFAULT_PRISMA_DIR)).toEqual(before);
  });

  it("writes the next migration for a changed schema, which then applies on top of the others", async () => {
    const prismaDir = join(dir, "prisma-copy");
    await cp(DEFAULT_PRISMA_DIR, prismaDir, { recursive: true });
    const schemaPath = join(prismaDir, "schema.prisma");
    await writeFile(schemaPath, `${await readFile(schemaPath, "utf8")}\nmodel Widget {\n  id String @id\n  size Int\n}\n`);

    const file = await createMigration("Add widgets", { prismaDir });

    expect(file).toMatch(/[/\\]migrations[/\\]\d{14}_add_widgets[/\\]migration\.sql$/);
    expect(await readFile(file!, "utf8")).toContain('CREATE TABLE "Widget"');
    expect(await createMigration("again", { prismaDir })).toBeNull();

    const dbFile = join(dir, "widgets.db");
    const { applied } = await applyMigrations(dbFile, { prismaDir });
    expect(applied).toEqual(await committedMigrations(prismaDir));
    expect(query(dbFile, 'SELECT COUNT(*) AS n FROM "Widget"')).toEqual([{ n: 0 }]);
  });
});
