import { AppError } from "@gatehouse/shared";
import type Database from "better-sqlite3";

export type TAppliedMigration = { name: string; finished: boolean };

/**
 * The migrations recorded in a database's `_prisma_migrations` table (rolled-back ones left out), or
 * null when the database has no such table (a new file, or not a database Gatehouse migrated).
 */
export function readAppliedMigrations(connection: Database.Database): TAppliedMigration[] | null {
  const table = connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
  if (!table) return null;
  const rows = connection
    .prepare('SELECT migration_name AS name, finished_at AS finishedAt FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY migration_name')
    .all() as { name: string; finishedAt: string | number | null }[];
  return rows.map((row) => ({ name: row.name, finished: row.finishedAt !== null }));
}

/**
 * Refuses a database that went through a migration this build does not have: its tables may no longer
 * match what this code reads and writes, and running older code against it could lose data.
 */
export function assertNoNewerMigrations(file: string, applied: TAppliedMigration[], known: readonly string[]): void {
  const unknown = applied.find((migration) => !known.includes(migration.name));
  if (unknown) {
    throw new AppError(
      "CONFLICT",
      `${file} was written by a newer Gatehouse (migration ${unknown.name} is unknown to this version): upgrade first, ` +
        "or restore a backup made by this version.",
    );
  }
}
