import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { insertOrganization, migratedTempDb, type TTempDb } from "../../test/temp-db.ts";
import { rejection } from "../../test/rejection.ts";
import { createDb, databaseFile } from "../client.ts";
import { currentRevision } from "../revision.ts";
import { backupDatabase, checkBackupFile, restoreDatabase } from "./index.ts";

const WRITE_LOAD = new URL("./write-load.fixture.mjs", import.meta.url);
/** Rows written before the backup so that copying takes a while: thousands of pages. */
const PADDING_ROWS = 4000;

let source: TTempDb;
let scratch: string;
const writers: ChildProcess[] = [];

function query<T>(dbFile: string, sql: string): T[] {
  const connection = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return connection.prepare(sql).all() as T[];
  } finally {
    connection.close();
  }
}

function revisionOf(dbFile: string): number {
  return query<{ revision: number }>(dbFile, 'SELECT revision FROM "ConfigState" WHERE id = 1')[0]!.revision;
}

/** Every file of a data dir with a hash of its content: "changing nothing" means this stays equal. */
async function dataDirState(dir: string): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    state[name] = createHash("sha256").update(await readFile(join(dir, name))).digest("hex");
  }
  return state;
}

async function startWriteLoad(dbFile: string): Promise<ChildProcess> {
  const writer = spawn(process.execPath, [WRITE_LOAD.pathname, dbFile], { stdio: ["ignore", "pipe", "inherit"] });
  writers.push(writer);
  const [chunk] = (await once(writer.stdout!, "data")) as [Buffer];
  expect(chunk.toString()).toBe("writing\n");
  return writer;
}

async function stop(writer: ChildProcess): Promise<void> {
  if (writer.exitCode !== null) return;
  const exited = once(writer, "exit");
  writer.kill("SIGTERM");
  await exited;
}

/** A data dir holding a migrated database with one organization and revision 7. */
async function liveDataDir(name: string): Promise<string> {
  const dir = join(scratch, name);
  const temp = await migratedTempDb();
  await insertOrganization(temp.db, "Current");
  await temp.db.configState.update({ where: { id: 1 }, data: { revision: 7 } });
  await temp.db.$disconnect();
  await mkdir(dir);
  await copyFile(temp.dbFile, join(dir, "gatehouse.db"));
  await temp.close();
  return dir;
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "gatehouse-backup-"));
  source = await migratedTempDb();
  const padding = "x".repeat(2000);
  await source.db.$transaction(
    Array.from({ length: PADDING_ROWS }, (_, i) =>
      source.db.verification.create({ data: { id: `pad-${i}`, identifier: `pad-${i}`, value: padding, expiresAt: new Date() } }),
    ),
  );
});

afterEach(async () => {
  await Promise.all(writers.splice(0).map(stop));
});

afterAll(async () => {
  await source?.close();
  await rm(scratch, { recursive: true, force: true });
});

describe("backupDatabase during a write load, then restoreDatabase", () => {
  it("restores every change committed before the backup started, consistently", async () => {
    const writer = await startWriteLoad(source.dbFile);
    const committedBefore = revisionOf(source.dbFile);

    const backup = await backupDatabase(source.dbFile, join(scratch, "under-load.db"));

    const committedAfter = revisionOf(source.dbFile);
    await stop(writer);
    // The writer kept committing while the backup ran, so the copy had a moving database to copy.
    expect(committedAfter).toBeGreaterThan(committedBefore);

    const check = await checkBackupFile(backup.file);
    expect(check.pending).toEqual([]);
    expect(check.revision).toBeGreaterThanOrEqual(committedBefore);

    const dataDir = join(scratch, "restored-under-load");
    const restored = await restoreDatabase(backup.file, dataDir);
    expect(restored.previous).toBeNull();
    const dbFile = databaseFile(dataDir);
    expect(query(dbFile, "PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
    expect(query(dbFile, "PRAGMA foreign_key_check")).toEqual([]);
    // One transaction = one organization + its revision: a consistent copy holds exactly load-1..load-R.
    const loads = query<{ id: string }>(dbFile, "SELECT id FROM organization WHERE id LIKE 'load-%'").map((row) => row.id);
    expect(loads.length).toBe(check.revision);
    expect(new Set(loads)).toEqual(new Set(Array.from({ length: check.revision }, (_, i) => `load-${i + 1}`)));
    expect(query(dbFile, 'SELECT COUNT(*) AS n FROM "verification"')).toEqual([{ n: PADDING_ROWS }]);
    expect(restored.revision).toBe(check.revision + 1);
  });
});

describe("restoreDatabase", () => {
  it("replaces the database, keeps the old one and raises the revision above it", async () => {
    const dataDir = await liveDataDir("restore-ok");
    const backupSource = await migratedTempDb();
    await insertOrganization(backupSource.db, "From the backup");
    const backup = await backupDatabase(backupSource.dbFile, join(scratch, "revision-0.db"));
    await backupSource.close();
    // Leftovers of the replaced database's WAL must not be replayed into the restored file.
    await writeFile(join(dataDir, "gatehouse.db-shm"), "stale");

    const result = await restoreDatabase(backup.file, dataDir, { now: new Date("2026-11-29T14:00:00Z") });

    expect(result).toEqual({ previous: join(dataDir, "gatehouse.db.before-restore-2026-11-29T14-00-00Z"), revision: 8, pending: [] });
    expect((await readdir(dataDir)).sort()).toEqual(["gatehouse.db", "gatehouse.db.before-restore-2026-11-29T14-00-00Z"]);
    expect(revisionOf(join(dataDir, "gatehouse.db"))).toBe(8);
    expect(query(join(dataDir, "gatehouse.db"), "SELECT name FROM organization")).toEqual([{ name: "From the backup" }]);
    expect(query(result.previous!, "SELECT name FROM organization")).toEqual([{ name: "Current" }]);
  });

  async function expectRefusal(file: string, message: RegExp): Promise<void> {
    const dataDir = await liveDataDir(`refuse-${createHash("md5").update(file).digest("hex")}`);
    const before = await dataDirState(dataDir);

    const error = await rejection(restoreDatabase(file, dataDir));

    expect(error).toMatchObject({ name: "AppError", message: expect.stringMatching(message) });
    expect((error as Error).message).toContain(file);
    expect(await dataDirState(dataDir)).toEqual(before);
  }

  it("refuses a file that is not a SQLite database, changing nothing", async () => {
    const file = join(scratch, "notes.txt");
    await writeFile(file, "these are not the tables you are looking for\n".repeat(10));
    await expectRefusal(file, /is not a SQLite database/);
  });

  it("refuses a SQLite database of another application, changing nothing", async () => {
    const file = join(scratch, "foreign.db");
    const connection = new Database(file);
    connection.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hi');");
    connection.close();
    await expectRefusal(file, /is not a Gatehouse database/);
  });

  it("refuses a database written by a newer Gatehouse, changing nothing", async () => {
    const file = join(scratch, "newer.db");
    await backupDatabase(source.dbFile, file);
    const connection = new Database(file);
    connection
      .prepare(
        'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)',
      )
      .run("future", "0".repeat(64), Date.now(), "29991231000000_from_the_future", Date.now());
    connection.close();
    await expectRefusal(file, /written by a newer Gatehouse \(migration 29991231000000_from_the_future is unknown to this version\): upgrade first/);
  });

  it("refuses a damaged database, changing nothing", async () => {
    const file = join(scratch, "damaged.db");
    await backupDatabase(source.dbFile, file);
    const bytes = await readFile(file);
    // Overwrite pages in the middle (the padding rows) with garbage, keeping the header intact.
    bytes.fill(0xa5, 4096 * 20, 4096 * 40);
    await writeFile(file, bytes);
    await expectRefusal(file, /is damaged: integrity check says /);
  });

  it("reads the revision through Prisma afterwards", async () => {
    const dataDir = await liveDataDir("restore-prisma");
    const backup = await backupDatabase(source.dbFile, join(scratch, "prisma.db"));
    await restoreDatabase(backup.file, dataDir);
    const db = createDb(databaseFile(dataDir));
    try {
      expect(await currentRevision(db)).toBe(Math.max(7, revisionOf(backup.file)) + 1);
    } finally {
      await db.$disconnect();
    }
  });
});
