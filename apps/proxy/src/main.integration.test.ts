import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, startEchoBackend, type TTestBackend } from "../test/backends.ts";
import { FakeControlPlane } from "../test/fake-control-plane.ts";
import { spawnProxy, type TProxyProcess } from "../test/proxy-process.ts";
import { snapshot } from "../test/snapshots.ts";

describe("gatehouse-proxy --config <file> as a process", () => {
  let backendA: TTestBackend;
  let backendB: TTestBackend;
  let slowBackend: TTestBackend;
  let releaseSlow!: () => void;
  let slowArrived!: () => void;
  const slowRequestArrived = new Promise<void>((resolve) => (slowArrived = resolve));
  let dir: string;
  let client: Agent;
  const processes: TProxyProcess[] = [];

  beforeAll(async () => {
    const released = new Promise<void>((resolve) => (releaseSlow = resolve));
    [backendA, backendB, slowBackend] = await Promise.all([
      startEchoBackend("A"),
      startEchoBackend("B"),
      startBackend((_req, res) => {
        slowArrived();
        released.then(() => res.end("slow done"));
      }),
    ]);
    dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-proxy-main-"));
    client = new Agent();
  });

  afterAll(async () => {
    for (const proxy of processes) if (proxy.child.exitCode === null) proxy.child.kill("SIGKILL");
    await client?.close();
    await Promise.all([backendA?.close(), backendB?.close(), slowBackend?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  function start(configFile: string): TProxyProcess {
    const proxy = spawnProxy(["--config", configFile], {
      GATEHOUSE_PROXY_HTTP_PORT: "0",
      GATEHOUSE_PROXY_BIND: "127.0.0.1",
      GATEHOUSE_DATA_DIR: dir,
    });
    processes.push(proxy);
    return proxy;
  }

  async function get(url: string, host: string): Promise<string> {
    const response = await request(url, { dispatcher: client, headers: { host } });
    return `${response.statusCode} ${await response.body.text()}`;
  }

  it("logs one 'proxy listening' line, serves the file, reloads it on SIGHUP, and drains on SIGTERM", async () => {
    const configFile = path.join(dir, "snapshot.json");
    await writeFile(configFile, JSON.stringify(snapshot(1, { "a.test": backendA.origin, "slow.test": slowBackend.origin })));
    const proxy = start(configFile);

    const listening = await proxy.waitForLine((line) => line.msg === "proxy listening");
    expect(listening).toMatchObject({ level: "info", service: "gatehouse-proxy", revision: 1, source: "file" });
    expect(listening.port).toEqual(expect.any(Number));
    expect(listening.url).toBe(`http://127.0.0.1:${listening.port}`);
    // Started as the start script starts it: with its node flags, so main has nothing to warn about.
    expect(proxy.lines.filter((line) => "missingFlags" in line)).toEqual([]);
    const url = String(listening.url);
    expect(await get(url, "a.test")).toContain('"backend":"A"');

    await writeFile(configFile, JSON.stringify(snapshot(2, { "a.test": backendB.origin, "slow.test": slowBackend.origin })));
    proxy.child.kill("SIGHUP");
    await proxy.waitForLine((line) => line.msg === "config applied" && line.revision === 2);
    expect(await get(url, "a.test")).toContain('"backend":"B"');

    await writeFile(configFile, JSON.stringify({ ...snapshot(3, { "a.test": backendA.origin }), upstreams: [] }));
    proxy.child.kill("SIGHUP");
    const rejected = await proxy.waitForLine((line) => line.msg === "config snapshot rejected: invalid");
    expect(rejected).toMatchObject({ level: "error", keptRevision: 2 });
    expect(await get(url, "a.test")).toContain('"backend":"B"');

    // A request in flight when SIGTERM arrives still gets its full answer; then the process exits 0.
    const slow = get(url, "slow.test");
    await slowRequestArrived;
    proxy.child.kill("SIGTERM");
    await proxy.waitForLine((line) => line.msg === "proxy stopping: finishing in-flight requests");
    releaseSlow();
    expect(await slow).toBe("200 slow done");
    expect(await proxy.exited).toBe(0);
    expect(proxy.lines.filter((line) => line.msg === "proxy listening")).toHaveLength(1);
    expect(proxy.lines.at(-1)).toMatchObject({ msg: "proxy stopped" });
  });

  it("refuses to start from an invalid config file, saying why, with exit code 1", async () => {
    const configFile = path.join(dir, "invalid.json");
    await writeFile(configFile, JSON.stringify({ ...snapshot(1, {}), schemaVersion: 1 }));
    const proxy = start(configFile);
    expect(await proxy.exited).toBe(1);
    const fatal = proxy.lines.find((line) => line.level === "fatal");
    expect(fatal).toMatchObject({ code: "BAD_INPUT" });
    expect(String(fatal!.msg)).toContain("schemaVersion");
    expect(proxy.lines.some((line) => line.msg === "proxy listening")).toBe(false);
  });

  it("runs against a control plane named in the environment, with the token from a file", async () => {
    const controlPlane = new FakeControlPlane("token-from-file");
    await controlPlane.start();
    try {
      controlPlane.publish(snapshot(4, { "a.test": backendA.origin }));
      const dataDir = path.join(dir, "cp-mode");
      const tokenFile = path.join(dir, "node-token");
      await writeFile(tokenFile, "token-from-file\n");
      const proxy = spawnProxy([], {
        GATEHOUSE_CONTROL_PLANE_URL: controlPlane.url,
        GATEHOUSE_NODE_TOKEN_FILE: tokenFile,
        GATEHOUSE_PROXY_HTTP_PORT: "0",
        GATEHOUSE_PROXY_BIND: "127.0.0.1",
        GATEHOUSE_DATA_DIR: dataDir,
      });
      processes.push(proxy);
      const listening = await proxy.waitForLine((line) => line.msg === "proxy listening");
      expect(listening).toMatchObject({ source: "control-plane" });
      await proxy.waitForLine((line) => line.msg === "config applied" && line.revision === 4);
      expect(await get(String(listening.url), "a.test")).toContain('"backend":"A"');
      await expect.poll(() => controlPlane.latestApplied).toBe(4);
      expect(controlPlane.nodeVersions[0]).toBe("0.1.0");
      const saved = JSON.parse(await readFile(path.join(dataDir, "proxy", "last-good.json"), "utf8"));
      expect(saved).toMatchObject({ revision: 4 });

      proxy.child.kill("SIGINT");
      expect(await proxy.exited).toBe(0);
    } finally {
      await controlPlane.stop();
    }
  });
});
