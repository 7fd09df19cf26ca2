import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "./free-port.ts";

const root = join(import.meta.dirname, "../..");

export type Stack = {
  webUrl: string;
  proxyUrl: string;
  /** https://127.0.0.1:<port>: connect here with SNI (servername) set to the host's domain. */
  httpsUrl: string;
  proxyHttpPort: number;
  proxyHttpsPort: number;
  dataDir: string;
  output: string[];
  stop(): Promise<void>;
};

export type StackOptions = {
  timeoutMs?: number;
  /**
   * Ports the caller already picked, e.g. the HTTP port Pebble validates against, which Pebble must be
   * told before it starts; free ports otherwise.
   */
  proxyHttpPort?: number;
  proxyHttpsPort?: number;
  /** Added to the environment of `npm start` and so of web and proxy (NODE_EXTRA_CA_CERTS, GATEHOUSE_ACME, ...). */
  env?: Record<string, string>;
};

/**
 * Runs Gatehouse exactly as a user does (`npm start`'s script) on free ports with a fresh data dir,
 * and resolves once it prints "ready".
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const { timeoutMs = 240_000 } = options;
  const dataDir = mkdtempSync(join(tmpdir(), "gatehouse-e2e-"));
  const webPort = await freePort();
  const proxyPort = options.proxyHttpPort ?? (await freePort());
  const proxyHttpsPort = options.proxyHttpsPort ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], {
    cwd: root,
    env: {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_WEB_PORT: String(webPort),
      GATEHOUSE_PROXY_HTTP_PORT: String(proxyPort),
      GATEHOUSE_PROXY_HTTPS_PORT: String(proxyHttpsPort),
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_PROXY_METRICS_PORT: "0",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in time:\n${output.slice(-40).join("\n")}`)), timeoutMs);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        if (line.endsWith("[gatehouse] ready")) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`stack exited before ready:\n${output.slice(-40).join("\n")}`));
    });
  });

  return {
    webUrl: `http://127.0.0.1:${webPort}`,
    proxyUrl: `http://127.0.0.1:${proxyPort}`,
    httpsUrl: `https://127.0.0.1:${proxyHttpsPort}`,
    proxyHttpPort: proxyPort,
    proxyHttpsPort,
    dataDir,
    output,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
