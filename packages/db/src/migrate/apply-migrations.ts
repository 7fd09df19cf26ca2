import { prepareSqliteFile } from "../sqlite-file.ts";
import { DEFAULT_PRISMA_DIR, readMigrationList, readSchema } from "./migrations-dir.ts";
import { withSchemaEngine } from "./schema-engine.ts";

export type TMigrateOptions = { prismaDir?: string };

/**
 * Applies the migrations in prisma/migrations that the database has not seen yet and records them in
 * `_prisma_migrations`; a second call applies nothing. Creates the file (and its folder) if needed.
 */
export async function applyMigrations(dbFile: string, options: TMigrateOptions = {}): Promise<{ applied: string[] }> {
  const prismaDir = options.prismaDir ?? DEFAULT_PRISMA_DIR;
  const databasePath = prepareSqliteFile(dbFile);
  const [schema, migrationsList] = await Promise.all([readSchema(prismaDir), readMigrationList(prismaDir)]);
  const result = await withSchemaEngine(databasePath, schema, (engine) =>
    engine.applyMigrations({ migrationsList, filters: { externalTables: [], externalEnums: [] } }),
  );
  return { applied: result.appliedMigrationNames };
}
