import "server-only";
import { createDb, databaseFile, type Db } from "@gatehouse/db";
import { getEnv } from "./env.ts";

const DB_KEY = Symbol.for("gatehouse.web.db");
type TDbHolder = { [DB_KEY]?: Db };

/**
 * One database client per process. Kept on globalThis because Next may evaluate this module in more
 * than one bundle (route handlers, server actions, pages), and each client holds its own SQLite
 * connection.
 */
export function getDb(): Db {
  const holder = globalThis as TDbHolder;
  return (holder[DB_KEY] ??= createDb(databaseFile(getEnv().dataDir)));
}
