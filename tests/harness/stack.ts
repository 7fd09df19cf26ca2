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
  dataDir: string;
  output: string[];
  stop(): Promise<void>;
};

/**
 * Runs Gatehouse exactly as a user does (`npm start`'s script) on free ports with a fresh data dir,
 * and resolves once it prints "ready".
 */
export async function startStack(timeoutMs = 240_000): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), "gatehouse-e2e-"));
  const [webPort, proxyPort] = [await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/start.ts")], {
    cwd: root,
    env: {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_WEB_PORT: String(webPort),
      GATEHOUSE_PROXY_HTTP_PORT: String(proxyPort),
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_PROXY_METRICS_PORT: "0",
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
    dataDir,
    output,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
