import "server-only";
import { randomUUID } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { backupDatabase, backupsDir, databaseFile, fileTimestamp } from "@gatehouse/db";
import { getEnv } from "@/server/env.ts";

/**
 * Answers with a fresh online backup of the database as a file download. The copy is written into the
 * data dir's backups folder (the same disk as the database, not a possibly small /tmp), opened and
 * unlinked at once: the open handle keeps it readable until the download ends, and nothing is left behind.
 */
/** For the instance owner only: the route wraps it in instanceOwnerRoute. */
export async function serveBackupDownload(): Promise<Response> {
  const dbFile = databaseFile(getEnv().dataDir);
  const copy = join(backupsDir(dbFile), `.download-${randomUUID()}.db`);
  await backupDatabase(dbFile, copy);
  const handle = await open(copy, "r");
  await rm(copy);
  const { size } = await handle.stat();
  const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.sqlite3",
      "Content-Disposition": `attachment; filename="gatehouse-${fileTimestamp(new Date())}.db"`,
      "Content-Length": String(size),
      "Cache-Control": "no-store",
    },
  });
}
