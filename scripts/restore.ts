// `npm run restore -- <file>`: replaces the data dir's database with a backup, with Gatehouse stopped.
// The current database is kept next to it (gatehouse.db.before-restore-<time>).
import { restoreDatabase } from "@gatehouse/db/backup";
import { isAppError } from "@gatehouse/shared";
import { acquireInstanceLock, ensureDataDir } from "./data-dir.ts";
import { readStartEnv } from "./start-config.ts";

const fail = (message: string, code = 1) => {
  console.error(`[gatehouse] ${message}`);
  process.exit(code);
};

const file = process.argv[2];
if (!file) fail("Usage: npm run restore -- <backup file>   (stop Gatehouse first)", 2);
const dataDir = readStartEnv(process.env).GATEHOUSE_DATA_DIR;

try {
  // Held until this process exits: a Gatehouse starting meanwhile refuses instead of opening a half-replaced database.
  ensureDataDir(dataDir);
  acquireInstanceLock(dataDir);
  const result = await restoreDatabase(file!, dataDir);
  console.log(`[gatehouse] restored ${file} into ${dataDir} (configuration revision ${result.revision})`);
  if (result.previous) console.log(`[gatehouse] the database it replaced is kept as ${result.previous}`);
  if (result.pending.length > 0) console.log(`[gatehouse] the next start applies ${result.pending.length} newer migration(s) to it`);
} catch (error) {
  fail(isAppError(error) ? error.message : `the restore failed: ${error instanceof Error ? error.message : String(error)}`);
}
