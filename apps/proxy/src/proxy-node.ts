import { AppError } from "@gatehouse/shared";
import type { Logger } from "pino";
import { readConfigFile } from "./config-file.ts";
import { startConfigClient, type TConfigClient, type TConfigClientOptions } from "./config-client.ts";
import { LastGoodFile } from "./last-good.ts";
import { createProxyHandler } from "./proxy-handler.ts";
import { RouteTableStore, type TRouteTable } from "./route-table.ts";
import { createProxyServer } from "./server.ts";
import type { TProxySettings } from "./settings.ts";
import { UpstreamPools } from "./transport.ts";

export const SHUTDOWN_GRACE_MS = 10_000;

export interface TProxyNodeOptions {
  nodeVersion: string;
  /** Overrides of the long-poll timing, for tests; production uses the contract's defaults. */
  configClient?: Pick<TConfigClientOptions, "waitSeconds" | "backoff">;
}

export interface TProxyNode {
  readonly port: number;
  /** Where this node can be reached on its own machine, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  currentTable(): TRouteTable;
  /** `--config` mode: read the file again and apply it if valid and newer (SIGHUP). */
  reloadConfigFile(): Promise<void>;
  /** Stops config updates, lets in-flight requests finish (up to graceMs), closes upstream pools. */
  close(graceMs?: number): Promise<void>;
}

/** Wires the data plane together: route table, upstream pools, HTTP server and the config source. */
export async function startProxyNode(
  settings: TProxySettings,
  logger: Logger,
  options: TProxyNodeOptions,
): Promise<TProxyNode> {
  const pools = new UpstreamPools(logger);
  const store = new RouteTableStore(logger, (table) => pools.retainOnly(table.origins));
  const { source } = settings;

  if (source.kind === "file") {
    const outcome = store.offer(await readConfigFile(source.path), "file");
    if (outcome.kind === "invalid") {
      throw new AppError("BAD_INPUT", `The config file ${source.path} is invalid:\n${outcome.reason}`);
    }
  }
  const lastGood = new LastGoodFile(settings.stateDir, logger);
  if (source.kind === "control-plane") {
    // Serve what we last had while the control plane is away; it catches us up when it answers.
    const saved = await lastGood.load();
    if (saved !== undefined) store.offer(saved, "last-good");
  }

  const proxyServer = createProxyServer(
    createProxyHandler({ currentTable: () => store.current, pools, logger, scheme: "http" }),
  );
  const port = await proxyServer.listen(settings.httpPort, settings.bind);
  const url = `http://${reachableHost(settings.bind)}:${port}`;
  logger.info({ port, url, revision: store.current.revision, source: source.kind }, "proxy listening");

  let configClient: TConfigClient | undefined;
  if (source.kind === "control-plane") {
    configClient = startConfigClient({
      controlPlaneUrl: source.url,
      nodeToken: source.nodeToken,
      nodeVersion: options.nodeVersion,
      logger,
      ...options.configClient,
      appliedRevision: () => store.current.revision,
      async applySnapshot(raw) {
        const outcome = store.offer(raw, "control-plane");
        if (outcome.kind !== "applied") return "rejected";
        try {
          await lastGood.save(outcome.config);
        } catch (error) {
          // Serving goes on; only a restart during a control-plane outage would miss this revision.
          logger.error({ err: error, path: lastGood.path }, "saving the last-good config failed");
        }
        return "applied";
      },
    });
  }

  return {
    port,
    url,
    currentTable: () => store.current,
    async reloadConfigFile() {
      if (source.kind !== "file") return;
      try {
        store.offer(await readConfigFile(source.path), "file");
      } catch (error) {
        logger.error({ err: error }, "config file reload failed: keeping the current config");
      }
    },
    async close(graceMs = SHUTDOWN_GRACE_MS) {
      await configClient?.stop();
      await proxyServer.shutdown(graceMs);
      await pools.closeAll();
    },
  };
}

/** A wildcard bind is reachable on loopback; a specific address is reachable on itself. */
function reachableHost(bind: string): string {
  if (bind === "0.0.0.0" || bind === "") return "127.0.0.1";
  if (bind === "::") return "[::1]";
  return bind.includes(":") ? `[${bind}]` : bind;
}
