import { copyFile, rename, rm } from "node:fs/promises";

/** SQLite's side files for a WAL database: a stale -wal would be replayed into the file put in its place. */
export async function removeSideFiles(dbFile: string): Promise<void> {
  await Promise.all([rm(`${dbFile}-wal`, { force: true }), rm(`${dbFile}-shm`, { force: true })]);
}

/**
 * Puts `stagedFile` (closed, in the same folder) in place of `dbFile` with one rename, so `dbFile`
 * always names either the old or the new database, never half of one. Nothing may have `dbFile` open.
 */
export async function installDatabaseFile(stagedFile: string, dbFile: string): Promise<void> {
  await removeSideFiles(dbFile);
  await rename(stagedFile, dbFile);
}

/** Replaces `dbFile` with a copy of `sourceFile` (which stays where it is). */
export async function replaceDatabaseFile(sourceFile: string, dbFile: string): Promise<void> {
  const staged = `${dbFile}.staged`;
  await copyFile(sourceFile, staged);
  await installDatabaseFile(staged, dbFile);
}
