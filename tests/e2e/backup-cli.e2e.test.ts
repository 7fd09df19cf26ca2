import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { databaseFile } from "@gatehouse/db";
import { checkBackupFile } from "@gatehouse/db/backup";
import { applyMigrations } from "@gatehouse/db/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run backup` and `npm run restore` as an operator runs them: the scripts in their own processes
// against a real data dir.
const root = new URL("../../", import.meta.url).pathname;
const run = promisify(execFile);
let scratch: string;

async function script(name: "backup" | "restore", dataDir: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", join(root, "scripts", `${name}.ts`), ...args], {
      cwd: root,
      env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "gatehouse-backup-cli-"));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("npm run backup / npm run restore", () => {
  it("writes a backup to <data dir>/backups, and restores it into another data dir", async () => {
    const dataDir = join(scratch, "live");
    await applyMigrations(databaseFile(dataDir));

    const backup = await script("backup", dataDir, []);

    expect(backup).toMatchObject({ code: 0, out: expect.stringMatching(/^\[gatehouse\] backup written to .*gatehouse-.*\.db/) });
    const [file] = await readdir(join(dataDir, "backups"));
    expect(file).toMatch(/^gatehouse-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.db$/);
    const backupFile = join(dataDir, "backups", file!);
    expect(await checkBackupFile(backupFile)).toMatchObject({ pending: [], revision: 0 });

    const restore = await script("restore", join(scratch, "other"), [backupFile]);

    expect(restore).toMatchObject({ code: 0, out: expect.stringContaining("(configuration revision 1)") });
    expect(await readdir(join(scratch, "other"))).toEqual(["gatehouse.db"]);
  });

  it("refuses to restore while a running Gatehouse holds the data dir's lock, changing nothing", async () => {
    const dataDir = join(scratch, "locked");
    await applyMigrations(databaseFile(dataDir));
    const backupFile = join(scratch, "for-locked.db");
    expect((await script("backup", dataDir, [backupFile])).code).toBe(0);
    // This test process plays the running instance: a live pid on this host.
    await writeFile(join(dataDir, "gatehouse.lock"), JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() }));
    const before = await readdir(dataDir);

    const restore = await script("restore", dataDir, [backupFile]);

    expect(restore.code).toBe(1);
    expect(restore.out).toContain(`Another Gatehouse is running on ${dataDir} (pid ${process.pid}`);
    expect(await readdir(dataDir)).toEqual(before);
  });

  it("refuses a file that is not a Gatehouse backup with the reason", async () => {
    const file = join(scratch, "notes.txt");
    await writeFile(file, "not a database\n");

    const restore = await script("restore", join(scratch, "fresh"), [file]);

    expect(restore).toEqual({ code: 1, out: `[gatehouse] ${file} is not a SQLite database: choose a file made by \`npm run backup\` or the Backup button.\n` });
  });
});
