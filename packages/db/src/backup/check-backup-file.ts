import { open } from "node:fs/promises";
import { AppError } from "@gatehouse/shared";
import Database from "better-sqlite3";
import { assertNoNewerMigrations, readAppliedMigrations } from "../migrate/applied-migrations.ts";
import { DEFAULT_PRISMA_DIR, knownMigrationNames } from "../migrate/migrations-dir.ts";

/** The first 16 bytes of every SQLite 3 database file. */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Tables the first migration created and every later version keeps: their absence means "not ours". */
const GATEHOUSE_TABLES = ["_prisma_migrations", "ConfigState", "organization", "user", "Host"];

/** Integrity-check lines quoted in the refusal: enough to recognise the damage, short enough to read. */
const QUOTED_PROBLEMS = 3;

export type TBackupCheck = {
  /** Migrations recorded in the file, oldest first. */
  migrations: string[];
  /** Migrations of this build the file has not had yet: they run on the next start. */
  pending: string[];
  /** ConfigState.revision in the file. */
  revision: number;
};

async function hasSqliteHeader(file: string): Promise<boolean> {
  const handle = await open(file, "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new AppError("NOT_FOUND", `There is no file at ${file}: check the path.`);
    throw error;
  });
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    return bytesRead === header.length && header.equals(SQLITE_HEADER);
  } finally {
    await handle.close();
  }
}

function damaged(file: string, detail: string): AppError {
  return new AppError("BAD_INPUT", `${file} is damaged: ${detail}. Use another backup.`);
}

function checkIntegrity(file: string, connection: Database.Database): void {
  let problems: string[];
  try {
    problems = (connection.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check);
  } catch (error) {
    // A file with a valid header but garbage after it fails here rather than reporting rows.
    throw damaged(file, `integrity check says ${error instanceof Error ? error.message : String(error)}`);
  }
  if (problems.length !== 1 || problems[0] !== "ok") throw damaged(file, `integrity check says ${problems.slice(0, QUOTED_PROBLEMS).join("; ")}`);
  const orphans = connection.pragma("foreign_key_check") as { table: string }[];
  if (orphans.length > 0) throw damaged(file, `foreign key check says ${orphans.length} row(s) of ${orphans[0]!.table} refer to rows that do not exist`);
}

/**
 * Checks that `file` is a Gatehouse database this build can run: a sound SQLite file with the
 * Gatehouse tables whose applied migrations are all known here (older is fine: the missing migrations
 * run on start). Refuses with an AppError saying what is wrong; reads only.
 */
export async function checkBackupFile(file: string, options: { prismaDir?: string } = {}): Promise<TBackupCheck> {
  if (!(await hasSqliteHeader(file))) {
    throw new AppError("BAD_INPUT", `${file} is not a SQLite database: choose a file made by \`npm run backup\` or the Backup button.`);
  }
  const known = await knownMigrationNames(options.prismaDir ?? DEFAULT_PRISMA_DIR);
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  try {
    checkIntegrity(file, connection);
    const tables = new Set(
      (connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name),
    );
    const missing = GATEHOUSE_TABLES.filter((table) => !tables.has(table));
    if (missing.length > 0) {
      throw new AppError("BAD_INPUT", `${file} is not a Gatehouse database (it has no ${missing.join(", ")} table): choose a Gatehouse backup.`);
    }
    const applied = readAppliedMigrations(connection) ?? [];
    assertNoNewerMigrations(file, applied, known);
    const unfinished = applied.find((migration) => !migration.finished);
    if (unfinished) throw damaged(file, `migration ${unfinished.name} never finished in it`);
    const state = connection.prepare('SELECT revision FROM "ConfigState" WHERE id = 1').get() as { revision: number } | undefined;
    if (!state) throw new AppError("BAD_INPUT", `${file} is not a Gatehouse database (ConfigState has no row): choose a Gatehouse backup.`);
    const names = applied.map((migration) => migration.name);
    return { migrations: names, pending: known.filter((name) => !names.includes(name)), revision: state.revision };
  } finally {
    connection.close();
  }
}
