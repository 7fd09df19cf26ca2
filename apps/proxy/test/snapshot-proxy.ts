import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TProxyConfig } from "@gatehouse/shared";
import type { TProxySettings } from "../src/settings.ts";
import { httpRequest, type TTestResponse } from "./http-client.ts";
import { snapshotOf, type TSnapshotInput } from "./snapshots.ts";
import { startTestProxy, type TTestProxy } from "./start-proxy.ts";

export interface TSnapshotProxy {
  readonly proxy: TTestProxy;
  readonly config: () => TProxyConfig;
  /** Writes the next revision of the config file and applies it the way SIGHUP does. */
  apply(parts: TSnapshotInput): Promise<void>;
  get(host: string, pathAndQuery?: string, headers?: Record<string, string>): Promise<TTestResponse>;
  close(): Promise<void>;
}

/** The real proxy node in this process, serving snapshots from a config file in its temp state dir. */
export async function startSnapshotProxy(parts: TSnapshotInput, settings: Partial<TProxySettings> = {}): Promise<TSnapshotProxy> {
  let config = snapshotOf(1, parts);
  const dir = await mkdtemp(path.join(os.tmpdir(), "gatehouse-snapshot-"));
  const file = path.join(dir, "snapshot.json");
  await writeFile(file, JSON.stringify(config));
  const proxy = await startTestProxy({ kind: "file", path: file }, { settings });
  return {
    proxy,
    config: () => config,
    async apply(next) {
      config = snapshotOf(config.revision + 1, next);
      await writeFile(file, JSON.stringify(config));
      await proxy.node.reloadConfigFile();
      if (proxy.node.currentTable().revision !== config.revision) throw new Error(`revision ${config.revision} was not applied`);
    },
    get: (host, pathAndQuery = "/", headers = {}) => httpRequest(proxy.node.url, { path: pathAndQuery, headers: { host, ...headers } }),
    async close() {
      await proxy.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A host with one `/` location proxying to `upstreamId`. */
export function proxyHost(id: string, domain: string, upstreamId: string) {
  return { id, domains: [domain], locations: [{ path: "/", action: { type: "proxy" as const, upstreamId } }] };
}
