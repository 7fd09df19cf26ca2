import "server-only";
import { randomUUID } from "node:crypto";
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { backupDatabase, backupsDir, databaseFile, fileTimestamp, instanceOwnerId } from "@gatehouse/db";
import { AppError } from "@gatehouse/shared";
import { getAuth } from "@/server/auth.ts";
import { getDb } from "@/server/db.ts";
import { getEnv } from "@/server/env.ts";

/**
 * Only the instance owner may download the whole database (every organization, every encrypted key);
 * anyone else, signed in or not, gets the 404 of a route that does not exist. The session is read from
 * the request itself, as route handlers receive it.
 */
async function requireInstanceOwner(request: Request): Promise<void> {
  const session = await getAuth().api.getSession({ headers: request.headers });
  if (!session || session.user.id !== (await instanceOwnerId(getDb()))) {
    throw new AppError("NOT_FOUND", "There is nothing at this address.");
  }
}

/**
 * Answers with a fresh online backup of the database as a file download. The copy is written into the
 * data dir's backups folder (the same disk as the database, not a possibly small /tmp), opened and
 * unlinked at once: the open handle keeps it readable until the download ends, and nothing is left behind.
 */
export async function serveBackupDownload(request: Request): Promise<Response> {
  await requireInstanceOwner(request);
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
