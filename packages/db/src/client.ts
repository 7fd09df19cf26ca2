import { join, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { prepareSqliteFile } from "./sqlite-file.ts";
import { whereGuard } from "./where-guard.ts";

export function databaseFile(dataDir: string): string {
  return join(resolve(dataDir), "gatehouse.db");
}

/**
 * A Prisma client on the SQLite file through the better-sqlite3 driver adapter. Connection settings:
 * WAL is set on the file (prepareSqliteFile); `timeout` is better-sqlite3's busy_timeout; foreign keys
 * are on because better-sqlite3 builds SQLite with SQLITE_DEFAULT_FOREIGN_KEYS=1 (the adapter sets no
 * pragmas of its own; the integration test asserts all three).
 */
export function createDb(dbFile: string) {
  const adapter = new PrismaBetterSqlite3({ url: prepareSqliteFile(dbFile), timeout: 5000 });
  return new PrismaClient({ adapter }).$extends(whereGuard);
}

export type Db = ReturnType<typeof createDb>;
/** The client handed to `db.$transaction(async (tx) => ...)`. */
export type TransactionClient = Parameters<Parameters<Db["$transaction"]>[0]>[0];
