import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, databaseFile, type Db } from "../src/client.ts";
import { applyMigrations } from "../src/migrate/index.ts";

export type TTempDb = { db: Db; dbFile: string; dir: string; close: () => Promise<void> };

/** A fresh SQLite file in its own temp dir, migrated by our runner exactly as production does. */
export async function migratedTempDb(): Promise<TTempDb> {
  const dir = await mkdtemp(join(tmpdir(), "gatehouse-db-"));
  const dbFile = databaseFile(dir);
  await applyMigrations(dbFile);
  const db = createDb(dbFile);
  return {
    db,
    dbFile,
    dir,
    close: async () => {
      await db.$disconnect();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An organization row as better-auth's organization plugin would create it. */
export async function insertOrganization(db: Db, name: string): Promise<string> {
  const id = randomUUID();
  await db.organization.create({ data: { id, name, slug: `${name}-${id.slice(0, 8)}`, createdAt: new Date() } });
  return id;
}
