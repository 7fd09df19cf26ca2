import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_EDGE_LIMITS } from "./limits/edge-limits.ts";
import { loadSettings } from "./settings.ts";

describe("loadSettings", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-settings-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs from a snapshot file with defaults for the rest", async () => {
    const settings = await loadSettings(["--config", "snap.json"], { GATEHOUSE_DATA_DIR: dir });
    expect(settings).toEqual({
      source: { kind: "file", path: path.resolve("snap.json") },
      httpPort: 8080,
      httpsPort: 8443,
      publicHttpsPort: 443,
      bind: "0.0.0.0",
      stateDir: path.join(dir, "proxy"),
      logLevel: "info",
      workers: os.availableParallelism(),
      shutdownGraceMs: 30_000,
      accessLog: "stdout",
      metricsPort: 9464,
      edgeLimits: DEFAULT_EDGE_LIMITS,
    });
  });

  it("reads control-plane mode from the environment, token inline", async () => {
    const settings = await loadSettings([], {
      GATEHOUSE_CONTROL_PLANE_URL: "http://127.0.0.1:3000",
      GATEHOUSE_NODE_TOKEN: " tok ",
      GATEHOUSE_PROXY_HTTP_PORT: "0",
      GATEHOUSE_PROXY_HTTPS_PORT: "off",
      GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT: "4443",
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_PROXY_STATE_DIR: path.join(dir, "state"),
      GATEHOUSE_PROXY_LOG_LEVEL: "warn",
      GATEHOUSE_PROXY_WORKERS: "3",
      GATEHOUSE_PROXY_SHUTDOWN_GRACE_MS: "5000",
      GATEHOUSE_PROXY_ACCESS_LOG: "off",
      GATEHOUSE_PROXY_METRICS_PORT: "off",
    });
    expect(settings).toEqual({
      source: { kind: "control-plane", url: "http://127.0.0.1:3000", nodeToken: "tok" },
      httpPort: 0,
      httpsPort: null,
      publicHttpsPort: 4443,
      bind: "127.0.0.1",
      stateDir: path.join(dir, "state"),
      logLevel: "warn",
      workers: 3,
      shutdownGraceMs: 5000,
      accessLog: "off",
      metricsPort: null,
      edgeLimits: DEFAULT_EDGE_LIMITS,
    });
  });

  it("reads the token from GATEHOUSE_NODE_TOKEN_FILE, else from <dataDir>/node-token", async () => {
    await writeFile(path.join(dir, "token-a"), "from-file\n");
    await writeFile(path.join(dir, "node-token"), "from-data-dir\n");
    const base = { GATEHOUSE_CONTROL_PLANE_URL: "http://cp:3000", GATEHOUSE_DATA_DIR: dir };
    const named = await loadSettings([], { ...base, GATEHOUSE_NODE_TOKEN_FILE: path.join(dir, "token-a") });
    expect(named.source).toMatchObject({ nodeToken: "from-file" });
    const fallback = await loadSettings([], { ...base, GATEHOUSE_NODE_TOKEN: "" });
    expect(fallback.source).toMatchObject({ nodeToken: "from-data-dir" });
  });

  it("takes an access log file path and a metrics port, 0 meaning any free one", async () => {
    const settings = await loadSettings(["--config", "snap.json"], {
      GATEHOUSE_PROXY_ACCESS_LOG: "logs/access.log",
      GATEHOUSE_PROXY_METRICS_PORT: "0",
    });
    expect(settings.accessLog).toEqual({ path: path.resolve("logs/access.log") });
    expect(settings.metricsPort).toBe(0);
  });

  it("takes an HTTPS port, 0 meaning any free one", async () => {
    const settings = await loadSettings(["--config", "snap.json"], { GATEHOUSE_PROXY_HTTPS_PORT: "0" });
    expect(settings.httpsPort).toBe(0);
    await expect(loadSettings(["--config", "x"], { GATEHOUSE_PROXY_HTTPS_PORT: "on" })).rejects.toThrow(/GATEHOUSE_PROXY_HTTPS_PORT/);
    await expect(loadSettings(["--config", "x"], { GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT: "0" })).rejects.toThrow(
      /GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT/,
    );
  });

  it("says what is missing or wrong", async () => {
    await expect(loadSettings([], {})).rejects.toThrow(/--config <snapshot.json>, or set GATEHOUSE_CONTROL_PLANE_URL/);
    await expect(loadSettings([], { GATEHOUSE_CONTROL_PLANE_URL: "http://cp", GATEHOUSE_DATA_DIR: dir })).rejects.toThrow(
      /No node token/,
    );
    await expect(loadSettings(["--config", "x", "--port", "1"], {})).rejects.toThrow(/Unknown option/);
    await expect(loadSettings(["--config", "x"], { GATEHOUSE_PROXY_HTTP_PORT: "70000" })).rejects.toThrow(
      /GATEHOUSE_PROXY_HTTP_PORT/,
    );
    await expect(loadSettings([], { GATEHOUSE_CONTROL_PLANE_URL: "ftp://cp", GATEHOUSE_NODE_TOKEN: "t" })).rejects.toThrow(
      /GATEHOUSE_CONTROL_PLANE_URL/,
    );
    await expect(loadSettings(["--config", "x"], { GATEHOUSE_PROXY_WORKERS: "0" })).rejects.toThrow(/GATEHOUSE_PROXY_WORKERS/);
    await expect(loadSettings(["--config", "x"], { GATEHOUSE_PROXY_METRICS_PORT: "on" })).rejects.toThrow(
      /GATEHOUSE_PROXY_METRICS_PORT/,
    );
  });
});
