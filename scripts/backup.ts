// `npm run backup -- [file]`: writes a consistent copy of the database while Gatehouse keeps running
// (SQLite's online backup API), by default to <data dir>/backups/gatehouse-<time>.db.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { databaseFile } from "@gatehouse/db";
import { backupDatabase, backupsDir, fileTimestamp } from "@gatehouse/db/backup";
import { isAppError } from "@gatehouse/shared";
import { readStartEnv } from "./start-config.ts";

const fail = (message: string) => {
  console.error(`[gatehouse] ${message}`);
  process.exit(1);
};

const dbFile = databaseFile(readStartEnv(process.env).GATEHOUSE_DATA_DIR);
if (!existsSync(dbFile)) fail(`There is no Gatehouse database at ${dbFile}: set GATEHOUSE_DATA_DIR to the data dir Gatehouse runs with.`);
const target = resolve(process.argv[2] ?? join(backupsDir(dbFile), `gatehouse-${fileTimestamp(new Date())}.db`));
if (existsSync(target)) fail(`${target} already exists: choose another file name, or move that file away.`);

try {
  const { file, bytes } = await backupDatabase(dbFile, target);
  console.log(`[gatehouse] backup written to ${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB); restore it with: npm run restore -- ${file}`);
} catch (error) {
  fail(isAppError(error) ? error.message : `the backup failed: ${error instanceof Error ? error.message : String(error)}`);
}
