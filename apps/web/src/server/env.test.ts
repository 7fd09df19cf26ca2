import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv, parseSmtpUrl } from "./env.ts";

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
    expect(env).toEqual({ dataDir: dir, secret: SECRET, publicUrl: "http://localhost:4123", smtp: null });
  });

  it("keeps only the origin of GATEHOUSE_PUBLIC_URL and rejects other schemes", () => {
    const base = { GATEHOUSE_DATA_DIR: dir, GATEHOUSE_SECRET: SECRET };
    expect(parseEnv({ ...base, GATEHOUSE_PUBLIC_URL: "https://gate.example.com/admin/" }, "/").publicUrl).toBe("https://gate.example.com");
    expect(() => parseEnv({ ...base, GATEHOUSE_PUBLIC_URL: "ftp://gate.example.com" }, "/")).toThrow(/GATEHOUSE_PUBLIC_URL/);
  });
});

describe("GATEHOUSE_SMTP_URL", () => {
  it("reads STARTTLS, TLS and plain relays with their default ports and decoded credentials", () => {
    expect(parseSmtpUrl("smtp://mailer%40example.com:p%40ss%3Aword@smtp.example.com", undefined)).toEqual({
      host: "smtp.example.com",
      port: 587,
      security: "starttls",
      username: "mailer@example.com",
      password: "p@ss:word",
      from: "mailer@example.com",
    });
    expect(parseSmtpUrl("smtps://user:secret@smtp.example.com", "gate@example.com")).toMatchObject({ port: 465, security: "tls", from: "gate@example.com" });
    expect(parseSmtpUrl("smtp://relay.internal:25?security=none", "gate@example.com")).toMatchObject({ port: 25, security: "none", username: "", password: "" });
  });

  it("refuses other schemes and unknown security without echoing the password", () => {
    for (const url of ["http://user:hunter2@smtp.example.com", "smtp://user:hunter2@smtp.example.com?security=maybe", "smtps://user:hunter2@h?security=none"]) {
      expect(() => parseSmtpUrl(url, "gate@example.com")).toThrow(/GATEHOUSE_SMTP_URL must look like/);
      expect(() => parseSmtpUrl(url, "gate@example.com")).not.toThrow(/hunter2/);
    }
  });

  it("needs a sender address when the user name is not one", () => {
    expect(() => parseSmtpUrl("smtp://apikey:secret@smtp.example.com", undefined)).toThrow(/GATEHOUSE_SMTP_FROM/);
    const env = parseEnv({ GATEHOUSE_DATA_DIR: dir, GATEHOUSE_SECRET: SECRET, GATEHOUSE_SMTP_URL: "smtp://apikey:secret@smtp.example.com", GATEHOUSE_SMTP_FROM: "gate@example.com" }, "/");
    expect(env.smtp).toMatchObject({ host: "smtp.example.com", username: "apikey", from: "gate@example.com" });
  });
});
