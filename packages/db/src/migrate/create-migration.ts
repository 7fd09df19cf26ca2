import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TMigrateOptions } from "./apply-migrations.ts";
import {
  DEFAULT_PRISMA_DIR,
  LOCK_FILE,
  LOCK_FILE_CONTENT,
  MIGRATION_FILE,
  migrationsDir,
  readMigrationList,
  readSchema,
} from "./migrations-dir.ts";
import { withSchemaEngine } from "./schema-engine.ts";

/** `20260101093000`, the folder prefix `prisma migrate dev` uses, so folders sort by creation time. */
function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

export function migrationFolderName(name: string, now: Date): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 200);
  if (!slug) throw new Error(`"${name}" is not usable as a migration name: use letters and digits, e.g. add_certificates.`);
  return `${migrationTimestamp(now)}_${slug}`;
}

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the database from
 * the existing migrations to schema.prisma (the engine replays them on an in-memory shadow database).
 * Returns the file's path, or null when the schema already matches the migrations.
 */
export async function createMigration(name: string, options: TMigrateOptions = {}): Promise<string | null> {
  const prismaDir = options.prismaDir ?? DEFAULT_PRISMA_DIR;
  const folder = migrationFolderName(name, new Date());
  const [schema, migrationsList] = await Promise.all([readSchema(prismaDir), readMigrationList(prismaDir)]);
  const diff = await withSchemaEngine(":memory:", schema, (engine) =>
    engine.diff({
      // With no migrations yet there is no lock file naming the connector: start from nothing.
      from:
        migrationsList.migrationDirectories.length === 0
          ? { tag: "empty" }
          : { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      // Asks the engine to say "changes found" with exit code 2, rather than parsing its SQL comments.
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    }),
  );
  if (diff.exitCode !== 2 || !diff.stdout) return null;

  const baseDir = migrationsDir(prismaDir);
  await mkdir(join(baseDir, folder), { recursive: true });
  const lockPath = join(baseDir, LOCK_FILE);
  if (!existsSync(lockPath)) await writeFile(lockPath, LOCK_FILE_CONTENT);
  const file = join(baseDir, folder, MIGRATION_FILE);
  await writeFile(file, diff.stdout);
  return file;
}
