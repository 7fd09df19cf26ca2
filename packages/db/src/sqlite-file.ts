import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";

/**
 * Makes the SQLite file usable and returns its absolute path (a relative `file:` URL would resolve
 * from whatever the working directory happens to be). WAL lets the proxy-config stream read while a
 * save writes; the journal mode is stored in the file, so setting it once covers every connection.
 */
export function prepareSqliteFile(dbFile: string): string {
  const path = resolve(dbFile);
  mkdirSync(dirname(path), { recursive: true });
  const connection = new Database(path);
  try {
    connection.pragma("journal_mode = WAL");
  } finally {
    connection.close();
  }
  return path;
}
