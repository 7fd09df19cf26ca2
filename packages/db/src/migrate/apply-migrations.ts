import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { AppError } from "@gatehouse/shared";
import Database from "better-sqlite3";
import { backupDatabase, backupsDir, fileTimestamp } from "../backup/backup-database.ts";
import { removeSideFiles, replaceDatabaseFile } from "../backup/install-database-file.ts";
import { prepareSqliteFile } from "../sqlite-file.ts";
import { assertNoNewerMigrations, readAppliedMigrations, type TAppliedMigration } from "./applied-migrations.ts";
import { DEFAULT_PRISMA_DIR, readMigrationList, readSchema } from "./migrations-dir.ts";
import { withSchemaEngine } from "./schema-engine.ts";

export type TMigrateOptions = { prismaDir?: string };

function appliedMigrationsOf(databasePath: string): TAppliedMigration[] | null {
  const connection = new Database(databasePath, { fileMustExist: true });
  try {
    return readAppliedMigrations(connection);
  } finally {
    connection.close();
  }
}

/**
 * The engine's error starts with SQLite's message, followed by a trace whose spans name the migration
 * (`with migration_name="…"`).
 */
function describeFailure(error: unknown, pending: string[]): { name: string; reason: string } {
  const text = error instanceof Error ? error.message : String(error);
  const name = /migration_name="([^"]+)"/.exec(text)?.[1] ?? pending[0] ?? "(unknown)";
  return { name, reason: (text.split("\n")[0] ?? "").trim() || "the schema engine gave no reason" };
}

/**
 * Applies the migrations in prisma/migrations that the database has not seen yet and records them in
 * `_prisma_migrations`; a second call applies nothing. Creates the file (and its folder) if needed.
 *
 * Upgrades are safe to retry: a database with a migration this build does not know is refused
 * (written by a newer Gatehouse); before applying anything to an existing database an online copy goes
 * to `<data dir>/backups/pre-migration-<time>.db`, and when a migration fails that copy is put back
 * (a new database is removed again), so the database is left as it was and the error says where the copy is.
 */
export async function applyMigrations(dbFile: string, options: TMigrateOptions = {}): Promise<{ applied: string[] }> {
  const prismaDir = options.prismaDir ?? DEFAULT_PRISMA_DIR;
  const isNew = !existsSync(resolve(dbFile));
  const databasePath = prepareSqliteFile(dbFile);
  const [schema, migrationsList] = await Promise.all([readSchema(prismaDir), readMigrationList(prismaDir)]);
  const known = migrationsList.migrationDirectories.map((migration) => migration.path);
  const applied = appliedMigrationsOf(databasePath);
  if (applied) assertNoNewerMigrations(databasePath, applied, known);
  // An unfinished one counts as pending: the engine then reports it rather than this skipping it.
  const pending = known.filter((name) => !applied?.some((migration) => migration.name === name && migration.finished));
  if (pending.length === 0) return { applied: [] };

  const safetyCopy = isNew
    ? null
    : (await backupDatabase(databasePath, join(backupsDir(databasePath), `pre-migration-${fileTimestamp(new Date())}.db`))).file;
  try {
    const result = await withSchemaEngine(databasePath, schema, (engine) =>
      engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } }),
    );
    return { applied: result.appliedMigrationNames };
  } catch (error) {
    const { name, reason } = describeFailure(error, pending);
    if (safetyCopy) {
      await replaceDatabaseFile(safetyCopy, databasePath);
    } else {
      await rm(databasePath, { force: true });
      await removeSideFiles(databasePath);
    }
    const where = safetyCopy ? `copy in ${safetyCopy}` : "it was new and has been removed";
    throw new AppError("INTERNAL", `migration ${name} failed: ${reason}; the database was left as it was (${where})`);
  }
}
