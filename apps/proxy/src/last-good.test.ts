import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { snapshot } from "../test/snapshots.ts";
import { LAST_GOOD_FILE_NAME, LastGoodFile } from "./last-good.ts";

describe("LastGoodFile", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-last-good-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("round-trips a snapshot through an owner-only file and leaves no temp files", async () => {
    const stateDir = path.join(dir, "nested", "proxy");
    const file = new LastGoodFile(stateDir, captureLogs().logger);
    const config = snapshot(7, { "a.test": "http://127.0.0.1:9001" });
    await file.save(config);
    await file.save({ ...config, revision: 8 });
    expect(await file.load()).toEqual({ ...config, revision: 8 });
    expect(await readdir(stateDir)).toEqual([LAST_GOOD_FILE_NAME]);
    expect((await stat(file.path)).mode & 0o777).toBe(0o600);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o700);
  });

  it("treats a missing file as no snapshot", async () => {
    const logs = captureLogs();
    expect(await new LastGoodFile(dir, logs.logger).load()).toBeUndefined();
    expect(logs.find("no last-good config file yet")).toHaveLength(1);
  });

  it("logs and ignores a corrupt file", async () => {
    const logs = captureLogs();
    await writeFile(path.join(dir, LAST_GOOD_FILE_NAME), '{"schemaVersion":1,"rev');
    expect(await new LastGoodFile(dir, logs.logger).load()).toBeUndefined();
    expect(logs.find("last-good config file is not JSON: ignored")).toHaveLength(1);
  });

  it("logs and ignores a file that fails validation", async () => {
    const logs = captureLogs();
    await writeFile(path.join(dir, LAST_GOOD_FILE_NAME), JSON.stringify({ ...snapshot(1, {}), schemaVersion: 99 }));
    expect(await new LastGoodFile(dir, logs.logger).load()).toBeUndefined();
    const [line] = logs.find("last-good config file is invalid: ignored");
    expect(String(line!.reason)).toContain("schemaVersion");
    expect(await readFile(path.join(dir, LAST_GOOD_FILE_NAME), "utf8")).toContain("99");
  });
});
