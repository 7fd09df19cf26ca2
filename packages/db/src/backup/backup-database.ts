import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";

/** Pages per backup step: everything, so the copy is one read transaction (below). */
const ALL_PAGES = 0x7fffffff;

/**
 * Writes a consistent copy of the SQLite database `dbFile` to `targetFile` with SQLite's online backup
 * API, while other connections (the web process) keep writing. The copy is taken in one step, i.e. in
 * one read transaction: in WAL mode that never blocks writers, and unlike small steps it cannot be
 * restarted forever by a steady write load. It lands under a temporary name first, so `targetFile`
 * only ever holds a complete backup.
 */
export async function backupDatabase(dbFile: string, targetFile: string): Promise<{ file: string; bytes: number }> {
  const file = resolve(targetFile);
  await mkdir(dirname(file), { recursive: true });
  const partial = join(dirname(file), `.${randomBytes(6).toString("hex")}.partial`);
  const source = new Database(resolve(dbFile), { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  return { file, bytes: (await stat(file)).size };
}

/** `2026-11-29T14-05-09Z`: sorts by time and is a valid file name everywhere. */
export function fileTimestamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
}

/** `<data dir>/backups/`, where backups go unless told otherwise. */
export function backupsDir(dbFile: string): string {
  return join(dirname(resolve(dbFile)), "backups");
}
