import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { PROXY_NODE_FLAGS } from "../src/node-flags.ts";

const PROXY_DIR = fileURLToPath(new URL("..", import.meta.url));

export interface TProxyProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every JSON log line printed so far. */
  readonly lines: Array<Record<string, unknown>>;
  /** Resolves with the first log line that matches. */
  waitForLine(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  stderr(): string;
}

/** Runs `node <proxy flags> --import tsx src/main.ts ...args` the way the start script does, in its own process. */
export function spawnProxy(args: string[], env: NodeJS.ProcessEnv): TProxyProcess {
  const child = spawn(process.execPath, [...PROXY_NODE_FLAGS, "--import", "tsx", "src/main.ts", ...args], {
    cwd: PROXY_DIR,
    // Metrics and HTTPS off unless a test asks: two proxies started at once would both want 9464 and 8443.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GATEHOUSE_PROXY_METRICS_PORT: "off", GATEHOUSE_PROXY_HTTPS_PORT: "off", ...env },
  });
  const lines: Array<Record<string, unknown>> = [];
  const watchers = new Set<{ match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }>();
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on("line", (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const watcher of watchers) {
      if (watcher.match(line)) {
        watchers.delete(watcher);
        watcher.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    stderr: () => stderr,
    waitForLine(match) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        watchers.add({ match, resolve });
        exited.then((code) => reject(new Error(`proxy exited (${code}) before the expected line; stderr: ${stderr}`)));
      });
    },
  };
}
