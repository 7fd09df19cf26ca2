import { constants, existsSync } from "node:fs";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { resolve } from "node:path";
import { AppError } from "@gatehouse/shared";
import Database from "better-sqlite3";
import { databaseFile } from "../client.ts";
import { fileTimestamp } from "./backup-database.ts";
import { checkBackupFile } from "./check-backup-file.ts";
import { installDatabaseFile, removeSideFiles } from "./install-database-file.ts";

export type TRestoreResult = {
  /** Where the database that was replaced now is (null when the data dir had none). */
  previous: string | null;
  /** ConfigState.revision of the restored database: above both the backup's and the replaced one's. */
  revision: number;
  /** Migrations of this build the backup has not had yet: they run on the next start. */
  pending: string[];
};

/**
 * Folds the current database's WAL into its main file (closing the last connection checkpoints it)
 * and reads its revision. An unreadable database counts as revision 0: it is kept, not trusted.
 */
function settleCurrentDatabase(dbFile: string): number {
  try {
    const connection = new Database(dbFile, { fileMustExist: true });
    try {
      const state = connection.prepare('SELECT revision FROM "ConfigState" WHERE id = 1').get() as { revision: number } | undefined;
      return state?.revision ?? 0;
    } finally {
      connection.close();
    }
  } catch {
    return 0;
  }
}

function setRevision(dbFile: string, revision: number): void {
  const connection = new Database(dbFile, { fileMustExist: true });
  try {
    connection.pragma("journal_mode = WAL");
    connection.prepare('UPDATE "ConfigState" SET revision = ? WHERE id = 1').run(revision);
  } finally {
    connection.close();
  }
}

/**
 * Replaces the data dir's database with the backup `backupFile`, offline (nothing may have the database
 * open: the caller checks the instance lock). The backup is copied next to the database and checked
 * there (checkBackupFile); a refusal changes nothing. Otherwise the current database is kept as
 * `gatehouse.db.before-restore-<time>` and the copy renamed into place. Its revision is raised above the
 * replaced database's, because proxy nodes ignore configurations older than the one they run.
 */
export async function restoreDatabase(
  backupFile: string,
  dataDir: string,
  options: { prismaDir?: string; now?: Date } = {},
): Promise<TRestoreResult> {
  const dbFile = databaseFile(dataDir);
  const stamp = fileTimestamp(options.now ?? new Date());
  const staged = `${dbFile}.restoring-${stamp}`;
  await mkdir(resolve(dataDir), { recursive: true });
  await copyFile(resolve(backupFile), staged).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") throw new AppError("NOT_FOUND", `There is no file at ${resolve(backupFile)}: check the path.`);
    throw error;
  });
  try {
    const check = await checkBackupFile(staged, options);
    const hasCurrent = existsSync(dbFile);
    const revision = Math.max(hasCurrent ? settleCurrentDatabase(dbFile) : 0, check.revision) + 1;
    setRevision(staged, revision);
    const previous = hasCurrent ? `${dbFile}.before-restore-${stamp}` : null;
    if (previous) await copyFile(dbFile, previous, constants.COPYFILE_EXCL);
    await installDatabaseFile(staged, dbFile);
    return { previous, revision, pending: check.pending };
  } catch (error) {
    // The check names the staged copy; the person asked about their own file.
    if (error instanceof AppError) throw new AppError(error.code, error.message.replaceAll(staged, resolve(backupFile)));
    throw error;
  } finally {
    await rm(staged, { force: true });
    await removeSideFiles(staged);
  }
}
