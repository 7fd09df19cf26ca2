// The processes of the proxy throughput bench: an nginx backend, Gatehouse's proxy, nginx as the
// peer proxy, and wrk. Each is pinned to cores with taskset when asked, and stopped by its handle.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ZProxyConfig } from "@gatehouse/shared";
import { request } from "undici";
import { freePort } from "../tests/harness/free-port.ts";

export const NGINX = "/usr/sbin/nginx";
export const WRK = "/usr/bin/wrk";
export const TASKSET = "/usr/bin/taskset";
export const BENCH_HOST = "bench.test";
const ROOT = join(import.meta.dirname, "..");

/** The bench needs Debian's nginx and wrk; it says how to get them rather than installing them. */
export function missingTools(): string[] {
  return [NGINX, WRK, TASKSET].filter((tool) => !existsSync(tool));
}

export interface TRunning {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** `taskset -c <cores> cmd args`, or the plain command when cores is undefined. */
function pinned(cores: string | undefined, command: string, args: string[]): [string, string[]] {
  return cores === undefined ? [command, args] : [TASKSET, ["-c", cores, command, ...args]];
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

/** Polls until the server answers the bench host with 200, or fails after timeoutMs. */
async function waitUntilServing(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before serving:\n${output()}`);
    try {
      // undici's request, not fetch: fetch replaces the Host header with the URL's.
      const response = await request(url, { headers: { host: BENCH_HOST } });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${output()}`);
}

function nginxCommon(dir: string, workers: number): string {
  return `worker_processes ${workers}; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 4096; }`;
}

function nginxTemps(dir: string): string {
  return `client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;`;
}

async function startNginx(dir: string, conf: string, cores: string | undefined, url: string): Promise<TRunning> {
  mkdirSync(join(dir, "tmp"), { recursive: true });
  const file = join(dir, "nginx.conf");
  writeFileSync(file, conf);
  execFileSync(NGINX, ["-t", "-q", "-c", file, "-p", dir]);
  const [command, args] = pinned(cores, NGINX, ["-c", file, "-p", dir]);
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  await waitUntilServing(url, child, () => stderr);
  // nginx's master exits fast on SIGTERM and takes its workers with it.
  return { url, child, stop: () => stopChild(child) };
}

/**
 * The backend: nginx answering a 2-byte "ok" on its own port. nginx rather than a Node server so
 * the backend costs far less per request than either proxy and is never what the bench measures.
 */
export async function startBackend(dir: string, cores: string | undefined): Promise<TRunning> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return startNginx(
    dir,
    `${nginxCommon(dir, 1)}
http { access_log off; ${nginxTemps(dir)} default_type text/plain;
  server { listen 127.0.0.1:${port}; keepalive_requests 1000000; keepalive_timeout 75s;
    location / { return 200 "ok"; } } }\n`,
    cores,
    url,
  );
}

/**
 * nginx as a reverse proxy with what Gatehouse does by default: HTTP/1.1 keep-alive to the
 * upstream (64 idle connections kept), Host preserved, X-Forwarded-* and X-Real-IP set. With an
 * access log file, lines are buffered (64 KiB, flushed every second) like Gatehouse's.
 */
export async function startNginxProxy(
  dir: string,
  backendUrl: string,
  options: { workers: number; cores: string | undefined; accessLog?: string },
): Promise<TRunning> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const accessLog = options.accessLog === undefined ? "access_log off;" : `access_log ${options.accessLog} combined buffer=64k flush=1s;`;
  const { workers, cores } = options;
  return startNginx(
    dir,
    `${nginxCommon(dir, workers)}
http { ${accessLog} ${nginxTemps(dir)}
  upstream backend { server ${backendUrl.replace("http://", "")}; keepalive 64; keepalive_requests 1000000; }
  server { listen 127.0.0.1:${port}; server_name ${BENCH_HOST}; keepalive_requests 1000000; keepalive_timeout 75s;
    location / {
      proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host; proxy_set_header X-Forwarded-Port $server_port;
    } } }\n`,
    cores,
    url,
  );
}

export interface TGatehouseOptions {
  workers: number;
  cores: string | undefined;
  /** A file to append the access log to; off when absent. */
  accessLog?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
}

/** Gatehouse's proxy from a snapshot file: one host, one upstream, one target (the backend). */
export async function startGatehouse(dir: string, backendUrl: string, options: TGatehouseOptions): Promise<TRunning> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  mkdirSync(dir, { recursive: true });
  const snapshotFile = join(dir, "snapshot.json");
  const snapshot = ZProxyConfig.parse({
    schemaVersion: 2,
    revision: 1,
    generatedAt: new Date().toISOString(),
    hosts: [{ id: "bench", domains: [BENCH_HOST], locations: [{ path: "/", action: { type: "proxy", upstreamId: "backend" } }] }],
    upstreams: [{ id: "backend", name: "backend", targets: [{ url: backendUrl }] }],
  });
  writeFileSync(snapshotFile, JSON.stringify(snapshot));
  const [command, args] = pinned(options.cores, process.execPath, [
    ...(options.nodeFlags ?? []),
    "--import",
    "tsx",
    join(ROOT, "apps/proxy/src/main.ts"),
    "--config",
    snapshotFile,
  ]);
  const child = spawn(command, args, {
    cwd: join(ROOT, "apps/proxy"),
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      GATEHOUSE_DATA_DIR: dir,
      GATEHOUSE_PROXY_HTTP_PORT: String(port),
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_PROXY_WORKERS: String(options.workers),
      GATEHOUSE_PROXY_ACCESS_LOG: options.accessLog ?? "off",
      GATEHOUSE_PROXY_METRICS_PORT: "off",
      GATEHOUSE_PROXY_LOG_LEVEL: "warn",
      GATEHOUSE_PROXY_SHUTDOWN_GRACE_MS: "2000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilServing(url, child, () => output);
  return { url, child, stop: () => stopChild(child) };
}

/**
 * CPU seconds (user + system, all threads) used so far by a process and its descendants: nginx's
 * workers are children of its master, Gatehouse's workers children of its primary.
 */
export function processTreeCpuSeconds(pid: number): number {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop()!;
    try {
      // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name) are utime and stime, in ticks.
      const fields = readFileSync(`/proc/${current}/stat`, "utf8").split(") ")[1]!.split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / 100;
      for (const task of readFileSync(`/proc/${current}/task/${current}/children`, "utf8").trim().split(" ")) {
        if (task !== "") pending.push(Number(task));
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

export interface TWrkResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors plus non-2xx/3xx answers. */
  errors: number;
}

export interface TWrkOptions {
  threads: number;
  connections: number;
  seconds: number;
  cores: string | undefined;
}

/** Runs wrk with --latency against the bench host and parses its summary. */
export function runWrk(url: string, options: TWrkOptions): Promise<TWrkResult> {
  const [command, args] = pinned(options.cores, WRK, [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--latency",
    "-H",
    `Host: ${BENCH_HOST}`,
    `${url}/`,
  ]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`wrk exited ${code}:\n${output}`));
      try {
        resolve(parseWrk(output));
      } catch (error) {
        reject(error);
      }
    });
  });
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

export function parseWrk(output: string): TWrkResult {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(output);
  const p50 = /^\s+50%\s+([\d.]+)(us|ms|s|m)\b/m.exec(output);
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\b/m.exec(output);
  if (!rps || !p50 || !p99) throw new Error(`cannot read wrk's output:\n${output}`);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  const errors =
    (socketErrors ? socketErrors.slice(1).reduce((sum, value) => sum + Number(value), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  return {
    requestsPerSecond: Number(rps[1]),
    p50Ms: Number(p50[1]) * UNIT_MS[p50[2]!]!,
    p99Ms: Number(p99[1]) * UNIT_MS[p99[2]!]!,
    errors,
  };
}
