// The container entry point, run outside Docker exactly as the image runs it: the Dockerfile's CMD and
// HEALTHCHECK commands and its ENV, with the environment compose.yaml gives each service (web with its own
// data dir, proxy with its own state dir pointed at web with the node token). See Dockerfile, compose.yaml.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isInstanceRunning, lockFile } from "../../scripts/data-dir.ts";
import { readDockerfileRuntime } from "../harness/dockerfile.ts";
import { freePort } from "../harness/free-port.ts";
import { requestThroughProxy } from "../harness/proxy-request.ts";

const root = join(import.meta.dirname, "../..");

/** Runs a Dockerfile command (["node", ...args]) with this Node, from the image's WORKDIR (the repo root). */
function nodeCommand(command: string[]): string[] {
  expect(command[0]).toBe("node");
  return command.slice(1);
}

type Started = { child: ChildProcess; output: string[]; exited: Promise<number> };

function startEntryPoint(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on("line", (line) => output.push(line));
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  return { child, output, exited };
}

async function waitForLine(started: Started, wanted: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | undefined;
  void started.exited.then((code) => (exitCode = code));
  while (!started.output.some((line) => line.endsWith(wanted))) {
    if (exitCode !== undefined || Date.now() > deadline) {
      throw new Error(`no "${wanted}" (exit code ${exitCode}):\n${started.output.slice(-40).join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopProcess(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill("SIGTERM");
  await started.exited;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const secret = () => randomBytes(48).toString("base64");

function writeLock(dataDir: string, lock: { pid: number; hostname: string }): void {
  writeFileSync(lockFile(dataDir), JSON.stringify({ ...lock, startedAt: new Date().toISOString() }));
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

describe("instance lock (scripts/data-dir.ts)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "gatehouse-lock-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("on this host, counts while its pid runs; a dead pid or our own (a restarted container's pid 1) is stale", async () => {
    expect(isInstanceRunning(dataDir)).toBe(false);
    writeLock(dataDir, { pid: process.ppid, hostname: hostname() });
    expect(isInstanceRunning(dataDir)).toBe(true);
    writeLock(dataDir, { pid: await deadPid(), hostname: hostname() });
    expect(isInstanceRunning(dataDir)).toBe(false);
    writeLock(dataDir, { pid: process.pid, hostname: hostname() });
    expect(isInstanceRunning(dataDir)).toBe(false);
  });

  it("from another host (another container on the volume), counts while its holder keeps touching it", () => {
    writeLock(dataDir, { pid: 1, hostname: `not-${hostname()}` });
    expect(isInstanceRunning(dataDir)).toBe(true);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(lockFile(dataDir), twoMinutesAgo, twoMinutesAgo);
    expect(isInstanceRunning(dataDir)).toBe(false);
  });
});

describe("container entry point (Dockerfile CMD) with compose's environment, outside Docker", () => {
  const dockerfile = readDockerfileRuntime();
  const webDataDir = mkdtempSync(join(tmpdir(), "gatehouse-entry-web-"));
  const proxyDataDir = mkdtempSync(join(tmpdir(), "gatehouse-entry-proxy-"));
  const nodeToken = secret();
  let web: Started | undefined;
  let proxy: Started | undefined;
  let webEnv: Record<string, string>;
  let proxyEnv: Record<string, string>;
  let proxyPort: number;

  beforeAll(async () => {
    const [webPort, httpPort, httpsPort] = [await freePort(), await freePort(), await freePort()];
    proxyPort = httpPort;
    // compose.yaml's `web` service; the empty GATEHOUSE_PUBLIC_URL is what compose passes when .env leaves it out.
    webEnv = {
      ...dockerfile.env,
      GATEHOUSE_ROLE: "web",
      GATEHOUSE_DATA_DIR: webDataDir,
      GATEHOUSE_WEB_PORT: String(webPort),
      GATEHOUSE_SECRET: secret(),
      GATEHOUSE_NODE_TOKEN: nodeToken,
      GATEHOUSE_PUBLIC_URL: "",
    };
    // compose.yaml's `proxy` service: its own state dir, web by address (http://web:3000 in compose).
    proxyEnv = {
      ...dockerfile.env,
      GATEHOUSE_ROLE: "proxy",
      GATEHOUSE_DATA_DIR: proxyDataDir,
      GATEHOUSE_CONTROL_PLANE_URL: `http://127.0.0.1:${webPort}`,
      GATEHOUSE_NODE_TOKEN: nodeToken,
      GATEHOUSE_PROXY_HTTP_PORT: String(httpPort),
      GATEHOUSE_PROXY_HTTPS_PORT: String(httpsPort),
      GATEHOUSE_PROXY_PUBLIC_HTTPS_PORT: "443",
      // In a container 9464 is the container's own loopback; here another process may hold it.
      GATEHOUSE_PROXY_METRICS_PORT: "0",
    };
    // Left by an instance killed without cleaning up (a pid that no longer runs): web takes it over.
    writeLock(webDataDir, { pid: await deadPid(), hostname: hostname() });
    web = startEntryPoint(nodeCommand(dockerfile.cmd), webEnv);
    await waitForLine(web, "[gatehouse] ready", 240_000);
    proxy = startEntryPoint(nodeCommand(dockerfile.cmd), proxyEnv);
    await waitForLine(proxy, "[gatehouse] ready", 60_000);
  });

  afterAll(async () => {
    await Promise.all([stopProcess(proxy), stopProcess(web)]);
    rmSync(webDataDir, { recursive: true, force: true });
    rmSync(proxyDataDir, { recursive: true, force: true });
  });

  it("runs the image's command as a non-container install does (npm start's script)", () => {
    expect(dockerfile.cmd).toEqual(["node", "--import", "tsx", "scripts/start.ts"]);
    expect(web!.output).toContain("[gatehouse] role:        web");
    expect(proxy!.output).toContain("[gatehouse] role:        proxy");
  });

  it("proxy fetches its config from web with the node token and answers an unknown host with the 404 page", async () => {
    // The proxy saves every snapshot web sends it: proof that the token was accepted.
    await waitFor(() => existsSync(join(proxyDataDir, "proxy", "last-good.json")), "the proxy's last-good snapshot");
    const answer = await requestThroughProxy(`http://127.0.0.1:${proxyPort}`, "unknown.example.test");
    expect(answer.status).toBe(404);
    expect(answer.body).toContain("No site is configured for unknown.example.test");
  });

  it("web holds the data dir's instance lock, and a second web on the same data dir refuses to start", async () => {
    expect(JSON.parse(readFileSync(lockFile(webDataDir), "utf8"))).toMatchObject({ pid: web!.child.pid });
    expect(isInstanceRunning(webDataDir)).toBe(true);
    const second = startEntryPoint(nodeCommand(dockerfile.cmd), { ...webEnv, GATEHOUSE_WEB_PORT: String(await freePort()) });
    expect(await second.exited).not.toBe(0);
    expect(second.output.join("\n")).toContain(`Another Gatehouse is running on ${webDataDir}`);
    expect(isInstanceRunning(webDataDir)).toBe(true);
  });

  it("the image's health check passes for both roles, fails for a stopped proxy, and web releases its lock on stop", async () => {
    const healthcheck = (env: Record<string, string>) =>
      spawnSync(process.execPath, nodeCommand(dockerfile.healthcheck), { cwd: root, env: { ...process.env, ...env }, timeout: 30_000 }).status;
    expect(healthcheck(webEnv)).toBe(0);
    expect(healthcheck(proxyEnv)).toBe(0);

    await stopProcess(proxy);
    expect(healthcheck(proxyEnv)).toBe(1);

    await stopProcess(web);
    expect(healthcheck(webEnv)).toBe(1);
    expect(existsSync(lockFile(webDataDir))).toBe(false);
    expect(isInstanceRunning(webDataDir)).toBe(false);
  });
});
