// The processes of the proxy benches: an nginx backend, Gatehouse's proxy, nginx as the peer proxy
// (both optionally with an HTTPS listener on the same certificate), and wrk. Each is pinned to cores
// with taskset when asked, and stopped by its handle.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connect } from "node:tls";
import { PROXY_CONFIG_SCHEMA_VERSION, ZProxyConfig, type THsts } from "@gatehouse/shared";
import { request } from "undici";
import { PROXY_NODE_FLAGS } from "../apps/proxy/src/node-flags.ts";
import { TLS_POLICY, TLS12_CIPHERS, TLS13_CIPHERSUITES } from "../apps/proxy/src/tls/tls-policy.ts";
import { freePort } from "../tests/harness/free-port.ts";
import type { TBenchCertificate } from "./tls-certificates.ts";

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
  /** The HTTPS listener, when the process was started with a certificate. */
  readonly httpsUrl?: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** `taskset -c <cores> cmd args`, or the plain command when cores is undefined. */
export function pinned(cores: string | undefined, command: string, args: string[]): [string, string[]] {
  return cores === undefined ? [command, args] : [TASKSET, ["-c", cores, command, ...args]];
}

/** Runs a load tool to its end; resolves with stdout and stderr together, rejects with them on a non-zero exit. */
export function runToCompletion(name: string, command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`${name} exited ${code}:\n${output}`))));
  });
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

/** The SHA-256 fingerprint of the certificate a TLS server sends for servername. */
function servedFingerprint(httpsUrl: string, servername: string): Promise<string> {
  const { hostname, port } = new URL(httpsUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), servername, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.destroy();
    });
    socket.once("error", reject);
  });
}

/**
 * Polls until the HTTPS listener hands out this certificate for its first domain: the comparison is
 * only fair when both servers use the very same certificate, and a default certificate would not be.
 */
async function waitUntilServingCertificate(httpsUrl: string, certificate: TBenchCertificate, child: ChildProcess, output: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before serving HTTPS:\n${output()}`);
    try {
      const fingerprint = await servedFingerprint(httpsUrl, certificate.domains[0]!);
      if (fingerprint === certificate.fingerprint256) return;
      last = `another certificate (${fingerprint})`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(100);
  }
  throw new Error(`${httpsUrl} did not send certificate ${certificate.id} for ${certificate.domains[0]} within ${timeoutMs} ms (${last}):\n${output()}`);
}

function nginxCommon(dir: string, workers: number): string {
  return `worker_processes ${workers}; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 4096; }`;
}

function nginxTemps(dir: string): string {
  return `client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;`;
}

async function startNginx(
  dir: string,
  conf: string,
  cores: string | undefined,
  url: string,
  https?: { url: string; certificate: TBenchCertificate },
): Promise<TRunning> {
  mkdirSync(join(dir, "tmp"), { recursive: true });
  const file = join(dir, "nginx.conf");
  writeFileSync(file, conf);
  execFileSync(NGINX, ["-t", "-q", "-c", file, "-p", dir]);
  const [command, args] = pinned(cores, NGINX, ["-c", file, "-p", dir]);
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // nginx's master exits fast on SIGTERM and takes its workers with it.
  const running = { url, httpsUrl: https?.url, child, stop: () => stopChild(child) };
  try {
    await waitUntilServing(url, child, () => stderr);
    if (https) await waitUntilServingCertificate(https.url, https.certificate, child, () => stderr);
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
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
 * The TLS settings of Gatehouse's HTTPS listener, taken from its policy: TLS 1.2 and 1.3, ECDHE with
 * AEAD ciphers only in the same order, the server's order wins, the same curves (nginx 1.22 would
 * otherwise also offer TLS 1.0/1.1, CBC and non-forward-secret suites). HTTP/2 and HTTP/1.1 by ALPN;
 * session tickets on in both (nginx's default; Gatehouse shares ticket keys between its workers).
 */
const NGINX_TLS = `ssl_protocols TLSv1.2 TLSv1.3; ssl_prefer_server_ciphers ${TLS_POLICY.honorCipherOrder ? "on" : "off"};
    ssl_ecdh_curve ${TLS_POLICY.ecdhCurve}; ssl_ciphers ${TLS12_CIPHERS.join(":")};
    ssl_conf_command Ciphersuites ${TLS13_CIPHERSUITES.join(":")};`;

export interface TNginxProxyOptions {
  workers: number;
  cores: string | undefined;
  accessLog?: string;
  /** Adds an HTTPS listener (HTTP/2 and HTTP/1.1) with this certificate for the bench host. */
  tls?: TBenchCertificate;
}

/**
 * nginx as a reverse proxy with what Gatehouse does by default: HTTP/1.1 keep-alive to the
 * upstream (64 idle connections kept), Host preserved, X-Forwarded-* and X-Real-IP set. With an
 * access log file, lines are buffered (64 KiB, flushed every second) like Gatehouse's.
 */
export async function startNginxProxy(dir: string, backendUrl: string, options: TNginxProxyOptions): Promise<TRunning> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const accessLog = options.accessLog === undefined ? "access_log off;" : `access_log ${options.accessLog} combined buffer=64k flush=1s;`;
  const { workers, cores, tls } = options;
  const httpsPort = tls === undefined ? undefined : await freePort();
  const httpsListen =
    tls === undefined
      ? ""
      : `listen 127.0.0.1:${httpsPort} ssl http2; ssl_certificate ${tls.certificateFile}; ssl_certificate_key ${tls.keyFile};
    ${NGINX_TLS}`;
  return startNginx(
    dir,
    `${nginxCommon(dir, workers)}
http { ${accessLog} ${nginxTemps(dir)}
  upstream backend { server ${backendUrl.replace("http://", "")}; keepalive 64; keepalive_requests 1000000; }
  server { listen 127.0.0.1:${port}; server_name ${BENCH_HOST}; keepalive_requests 1000000; keepalive_timeout 75s;
    ${httpsListen}
    location / {
      proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host; proxy_set_header X-Forwarded-Port $server_port;
    } } }\n`,
    cores,
    url,
    tls === undefined ? undefined : { url: `https://127.0.0.1:${httpsPort}`, certificate: tls },
  );
}

export interface TGatehouseOptions {
  workers: number;
  cores: string | undefined;
  /** A file to append the access log to; off when absent. */
  accessLog?: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /**
   * Adds the HTTPS listener: one host per certificate, for the certificate's domains (the first
   * certificate's must include the bench host), each with that certificate and these HSTS settings.
   */
  tls?: { certificates: TBenchCertificate[]; hsts?: THsts };
}

/** Gatehouse's snapshot: one upstream with one target (the backend), and the bench host or the TLS hosts. */
function benchSnapshot(backendUrl: string, tls: TGatehouseOptions["tls"]) {
  const locations = [{ path: "/", action: { type: "proxy", upstreamId: "backend" } }];
  return ZProxyConfig.parse({
    schemaVersion: PROXY_CONFIG_SCHEMA_VERSION,
    revision: 1,
    generatedAt: new Date().toISOString(),
    hosts:
      tls === undefined
        ? [{ id: "bench", domains: [BENCH_HOST], locations }]
        : tls.certificates.map((certificate) => ({
            id: certificate.id,
            domains: certificate.domains,
            locations,
            tls: { certificateId: certificate.id, hsts: tls.hsts ?? null },
          })),
    upstreams: [{ id: "backend", name: "backend", targets: [{ url: backendUrl }] }],
    certificates: (tls?.certificates ?? []).map(({ id, domains, certificatePem, privateKeyPem }) => ({ id, domains, certificatePem, privateKeyPem })),
  });
}

/** Gatehouse's proxy from a snapshot file (benchSnapshot). */
export async function startGatehouse(dir: string, backendUrl: string, options: TGatehouseOptions): Promise<TRunning> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const httpsPort = options.tls === undefined ? undefined : await freePort();
  mkdirSync(dir, { recursive: true });
  const snapshotFile = join(dir, "snapshot.json");
  const snapshot = benchSnapshot(backendUrl, options.tls);
  writeFileSync(snapshotFile, JSON.stringify(snapshot));
  const [command, args] = pinned(options.cores, process.execPath, [
    ...PROXY_NODE_FLAGS,
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
      GATEHOUSE_PROXY_HTTPS_PORT: httpsPort === undefined ? "off" : String(httpsPort),
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
  const running = { url, httpsUrl: httpsPort === undefined ? undefined : `https://127.0.0.1:${httpsPort}`, child, stop: () => stopChild(child) };
  try {
    await waitUntilServing(url, child, () => output);
    for (const certificate of options.tls?.certificates ?? []) {
      await waitUntilServingCertificate(running.httpsUrl!, certificate, child, () => output);
    }
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
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
  return runToCompletion("wrk", command, args).then(parseWrk);
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
