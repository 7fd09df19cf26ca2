import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { TProxyConfig } from "@gatehouse/shared";
import type { Logger } from "pino";
import { validateSnapshot } from "./route-table.ts";

export const LAST_GOOD_FILE_NAME = "last-good.json";

/**
 * The newest snapshot this node applied, so it can start serving while the control plane is down.
 * Written to a temp file, flushed, then renamed over the old one: a crash mid-write leaves the
 * previous file, never half a file. It holds the private keys of the node's certificates, so the
 * file is created owner-only (0600, whatever the umask) and a state dir it creates is 0700.
 */
export class LastGoodFile {
  readonly path: string;
  readonly #logger: Logger;

  constructor(stateDir: string, logger: Logger) {
    this.path = path.join(stateDir, LAST_GOOD_FILE_NAME);
    this.#logger = logger;
  }

  /** The stored snapshot if it is readable and valid; anything else is logged and treated as absent. */
  async load(): Promise<TProxyConfig | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        this.#logger.info({ path: this.path }, "no last-good config file yet");
      } else {
        this.#logger.error({ err: error, path: this.path }, "last-good config file unreadable: ignored");
      }
      return undefined;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      this.#logger.error({ path: this.path, reason: (error as Error).message }, "last-good config file is not JSON: ignored");
      return undefined;
    }
    const check = validateSnapshot(raw);
    if (!check.ok) {
      this.#logger.error({ path: this.path, reason: check.reason }, "last-good config file is invalid: ignored");
      return undefined;
    }
    return check.config;
  }

  async save(config: TProxyConfig): Promise<void> {
    await mkdir(path.dirname(this.path), { recursive: true, mode: 0o700 });
    const tempPath = `${this.path}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      const file = await open(tempPath, "w", 0o600);
      try {
        await file.writeFile(`${JSON.stringify(config)}\n`, "utf8");
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tempPath, this.path);
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
  }
}
