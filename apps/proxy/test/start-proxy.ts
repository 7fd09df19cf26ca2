import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DEFAULT_EDGE_LIMITS } from "../src/limits/edge-limits.ts";
import { startProxyNode, type TProxyNode, type TProxyNodeOptions } from "../src/proxy-node.ts";
import type { TConfigSource, TProxySettings } from "../src/settings.ts";
import { captureLogs } from "./log-capture.ts";

export interface TTestProxy {
  readonly node: TProxyNode;
  readonly logs: ReturnType<typeof captureLogs>;
  readonly stateDir: string;
  close(): Promise<void>;
}

/** The real proxy node in this process, on loopback port 0, with a temp state dir and captured logs. */
export async function startTestProxy(
  source: TConfigSource,
  options: { stateDir?: string; configClient?: TProxyNodeOptions["configClient"]; settings?: Partial<TProxySettings> } = {},
): Promise<TTestProxy> {
  const stateDir = options.stateDir ?? (await mkdtemp(path.join(os.tmpdir(), "gatehouse-proxy-")));
  const logs = captureLogs();
  const node = await startProxyNode(
    {
      source,
      httpPort: 0,
      httpsPort: null,
      publicHttpsPort: 443,
      bind: "127.0.0.1",
      stateDir,
      logLevel: "debug",
      workers: 1,
      shutdownGraceMs: 2_000,
      accessLog: "off",
      metricsPort: null,
      edgeLimits: DEFAULT_EDGE_LIMITS,
      ...options.settings,
    },
    logs.logger,
    { nodeVersion: "test", configClient: options.configClient },
  );
  return {
    node,
    logs,
    stateDir,
    async close() {
      await node.close(2_000);
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}
