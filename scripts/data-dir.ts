import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { AppError } from "@gatehouse/shared";
import { z } from "zod";

/**
 * Secrets that must survive restarts but need no human: generated once into the data dir with
 * owner-only permissions. An environment variable always wins, so operators can manage them elsewhere.
 */
export function ensureSecretFile(dataDir: string, fileName: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  const path = join(dataDir, fileName);
  try {
    return readFileSync(path, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const secret = randomBytes(32).toString("base64url");
  // "wx": never overwrite a secret another process wrote meanwhile.
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

export function ensureDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

export const LOCK_FILE_NAME = "gatehouse.lock";
/** The holder touches its lock this often, so a process on another host (container) can tell it is alive. */
const LOCK_HEARTBEAT_MS = 15_000;
/** A lock from another host untouched for this long belongs to an instance that died without cleaning up. */
const LOCK_STALE_MS = 60_000;

const ZLockContent = z.object({ pid: z.number().int().positive(), hostname: z.string(), startedAt: z.string() });
export type TInstanceLock = z.infer<typeof ZLockContent>;

export function lockFile(dataDir: string): string {
  return join(dataDir, LOCK_FILE_NAME);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The running instance that holds the data dir's lock, or null when none does. On this host the pid
 * decides (our own pid is a leftover: a container restarts as pid 1 again); a lock written on another host,
 * e.g. another container on the same volume, counts while its holder keeps touching it.
 */
export function runningInstance(dataDir: string): TInstanceLock | null {
  let text: string;
  let touchedAt: number;
  try {
    text = readFileSync(lockFile(dataDir), "utf8");
    touchedAt = statSync(lockFile(dataDir)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  let parsed: ReturnType<typeof ZLockContent.safeParse>;
  try {
    parsed = ZLockContent.safeParse(JSON.parse(text));
  } catch {
    return null; // half-written by a process killed mid-write: nobody holds it
  }
  if (!parsed.success) return null;
  const lock = parsed.data;
  if (lock.hostname === hostname()) return lock.pid !== process.pid && pidAlive(lock.pid) ? lock : null;
  return Date.now() - touchedAt < LOCK_STALE_MS ? lock : null;
}

export function isInstanceRunning(dataDir: string): boolean {
  return runningInstance(dataDir) !== null;
}

export function describeLock(lock: TInstanceLock): string {
  return `pid ${lock.pid} on host ${lock.hostname}, started ${lock.startedAt}`;
}

/**
 * Takes the data dir's instance lock for this process until it exits, so offline tools (restore) refuse
 * to run under a live instance. Throws when another live instance holds it.
 */
export function acquireInstanceLock(dataDir: string): void {
  const holder = runningInstance(dataDir);
  if (holder) {
    throw new AppError(
      "CONFLICT",
      `Another Gatehouse is running on ${dataDir} (${describeLock(holder)}). Stop it first; two instances must not share a data dir.`,
    );
  }
  const path = lockFile(dataDir);
  const content: TInstanceLock = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  // Whatever is there is stale (checked above): replace it atomically rather than delete-then-create.
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(content)}\n`, { mode: 0o600 });
  renameSync(temp, path);

  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // removed by hand: nothing to keep fresh
    }
  }, LOCK_HEARTBEAT_MS);
  heartbeat.unref();
  process.on("exit", () => releaseInstanceLock(dataDir));
}

/** Removes the lock if this process holds it (exit handlers call it; safe to call twice). */
export function releaseInstanceLock(dataDir: string): void {
  try {
    const lock = ZLockContent.parse(JSON.parse(readFileSync(lockFile(dataDir), "utf8")));
    if (lock.pid === process.pid && lock.hostname === hostname()) rmSync(lockFile(dataDir), { force: true });
  } catch {
    // no lock, or not ours: leave it
  }
}
