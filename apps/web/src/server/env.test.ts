import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";

const SECRET = "s".repeat(40);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "gatehouse-env-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parseEnv", () => {
  it("refuses to start without a secret and says how to set one", () => {
    expect(() => parseEnv({ GATEHOUSE_DATA_DIR: dir }, "/")).toThrow(/GATEHOUSE_SECRET.*openssl rand/s);
  });

  it("refuses a short secret", () => {
    expect(() => parseEnv({ GATEHOUSE_DATA_DIR: dir, GATEHOUSE_SECRET: "short" }, "/")).toThrow(/too short/);
  });

  it("reads the secret file of the data dir when the variable is unset", async () => {
    await writeFile(path.join(dir, "secret"), `${SECRET}\n`, { mode: 0o600 });
    expect(parseEnv({ GATEHOUSE_DATA_DIR: dir }, "/").secret).toBe(SECRET);
  });

  it("resolves a relative data dir and defaults the public URL to localhost on PORT", () => {
    const env = parseEnv({ GATEHOUSE_DATA_DIR: path.basename(dir), GATEHOUSE_SECRET: SECRET, PORT: "4123" }, path.dirname(dir));
    expect(env).toEqual({ dataDir: dir, secret: SECRET, publicUrl: "http://localhost:4123" });
  });

  it("keeps only the origin of GATEHOUSE_PUBLIC_URL and rejects other schemes", () => {
    const base = { GATEHOUSE_DATA_DIR: dir, GATEHOUSE_SECRET: SECRET };
    expect(parseEnv({ ...base, GATEHOUSE_PUBLIC_URL: "https://gate.example.com/admin/" }, "/").publicUrl).toBe("https://gate.example.com");
    expect(() => parseEnv({ ...base, GATEHOUSE_PUBLIC_URL: "ftp://gate.example.com" }, "/")).toThrow(/GATEHOUSE_PUBLIC_URL/);
  });
});
