import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { createAccessLog } from "./access-log.ts";
import { startConfigFeed, type TConfigFeedOptions, type TConfigSink } from "./config-source.ts";
import { createNodeMetrics, RequestMetrics, singleProcessMetrics, startMetricsServer, type TMetricsServer } from "./metrics.ts";
import { startNodeReporter, type TNodeReporter } from "./node-reporter.ts";
import { createProxyHandler } from "./proxy-handler.ts";
import { requestFacts, startRequestFacts, startTunnelFacts } from "./request-facts.ts";
import { RouteTableStore, type TRouteTable } from "./route-table.ts";
import { peerAddress } from "./passes/forwarded.ts";
import { createProxyServer } from "./server.ts";
import type { TProxySettings } from "./settings.ts";
import { UpstreamRuntime } from "./upstream/upstream-runtime.ts";
import { createUpgradeHandler } from "./websocket.ts";

export type TProxyNodeOptions = TConfigFeedOptions;

/** One process that serves HTTP: its route table, upstream pools, server, access log and request metrics. */
export interface TServingProcess {
  readonly store: RouteTableStore;
  /** Target health (registry.snapshot(), registry.onChange) and keep-alive pools of this process. */
  readonly upstreams: UpstreamRuntime;
  readonly requestMetrics: RequestMetrics;
  /** Binds the HTTP port (shared between cluster workers); resolves with the port actually bound. */
  listen(): Promise<number>;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), closes pools, flushes the access log. */
  close(graceMs: number): Promise<void>;
}

export interface TServingOptions {
  /** False in cluster workers: the primary probes once for all of them. */
  activeHealthChecks: boolean;
  /** Cluster workers: the store's "config applied" line is the primary's to write, once every worker serves it. */
  quietSwaps: boolean;
}

export function createServingProcess(
  settings: TProxySettings,
  logger: Logger,
  options: TServingOptions = { activeHealthChecks: true, quietSwaps: false },
): TServingProcess {
  const upstreams = new UpstreamRuntime(logger, { activeHealthChecks: options.activeHealthChecks });
  const store = new RouteTableStore(options.quietSwaps ? warningsOnly(logger) : logger, upstreams);
  const requestMetrics = new RequestMetrics();
  const accessLog = createAccessLog(settings.accessLog, logger);
  const handler = createProxyHandler({ currentTable: () => store.current, logger, scheme: "http" });

  // One listener function for every response (`this` is the response): no closure per request.
  function onResponseClose(this: ServerResponse): void {
    const facts = requestFacts(this)!;
    const durationMs = performance.now() - facts.startedAt;
    requestMetrics.observe(facts.hostLabel, this.headersSent ? this.statusCode : 499, durationMs / 1000);
    accessLog?.write(this.req, this, facts, durationMs);
  }

  const proxyServer = createProxyServer(handler, {
    limits: settings.edgeLimits,
    // Runs before the edge's own refusals (400, 503), so those are logged and counted too.
    observe(_req: IncomingMessage, res: ServerResponse) {
      startRequestFacts(res, performance.now());
      // `on`, not `once`: a response closes once, and once() would allocate a wrapper per request.
      res.on("close", onResponseClose);
    },
    // A tunnel is one request whose response lasts until its socket closes: one line, one observation.
    observeUpgrade(req, socket) {
      const facts = startTunnelFacts(socket, performance.now());
      socket.once("close", () => {
        const durationMs = performance.now() - facts.startedAt;
        requestMetrics.observe(facts.hostLabel, facts.status ?? 499, undefined);
        accessLog?.writeTunnel(req, facts, durationMs);
      });
    },
    onUpgrade: createUpgradeHandler({ currentTable: () => store.current, logger, scheme: "http", idleTimeoutMs: settings.edgeLimits.websocketIdleTimeoutMs }),
    isTrustedPeer: (address) => store.current.trustedProxies.trusts(peerAddress(address)),
  });

  return {
    store,
    upstreams,
    requestMetrics,
    listen: () => proxyServer.listen(settings.httpPort, settings.bind),
    async close(graceMs) {
      await proxyServer.shutdown(graceMs);
      await upstreams.close();
      await accessLog?.close();
    },
  };
}

/** The same logger without its info and debug lines (a stricter level is kept). */
export function warningsOnly(logger: Logger): Logger {
  return logger.child({}, { level: logger.levelVal > logger.levels.values.warn! ? logger.level : "warn" });
}

/** The local route table as a config sink: validation, staleness and logging live in the store. */
export function storeSink(store: RouteTableStore): TConfigSink {
  return {
    async offer(raw, source) {
      const outcome = store.offer(raw, source);
      if (outcome.kind === "applied") return { kind: "applied", config: outcome.config };
      return outcome.kind === "invalid" ? outcome : { kind: "stale" };
    },
    appliedRevision: () => store.current.revision,
  };
}

export interface TProxyNode {
  readonly port: number;
  /** Where this node can be reached on its own machine, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Undefined when metrics are turned off or their port could not be bound. */
  readonly metricsPort: number | undefined;
  currentTable(): TRouteTable;
  reloadConfigFile(): Promise<void>;
  /** Stops config updates and reports, lets in-flight requests finish (up to graceMs), closes the rest. */
  close(graceMs: number): Promise<void>;
}

/**
 * The whole node in one process (workers = 1, and most tests): config feed, health reporting and
 * metrics next to the serving code, with no IPC in between.
 */
export async function startProxyNode(settings: TProxySettings, logger: Logger, options: TProxyNodeOptions): Promise<TProxyNode> {
  const serving = createServingProcess(settings, logger);
  const { store } = serving;
  const feed = await startConfigFeed(settings.source, settings.stateDir, storeSink(store), logger, options);

  const port = await serving.listen();
  const url = `http://${reachableHost(settings.bind)}:${port}`;
  logger.info({ port, url, revision: store.current.revision, source: settings.source.kind, workers: 1 }, "proxy listening");

  const { registry } = serving.upstreams;
  const nodeState = { appliedRevision: () => store.current.revision, targetHealth: () => registry.snapshot() };
  let metricsServer: TMetricsServer | undefined;
  if (settings.metricsPort !== null) {
    const source = singleProcessMetrics(serving.requestMetrics, createNodeMetrics(nodeState));
    metricsServer = await startMetricsServer(settings.metricsPort, source, logger);
  }
  let reporter: TNodeReporter | undefined;
  if (settings.source.kind === "control-plane") {
    reporter = startNodeReporter({
      controlPlaneUrl: settings.source.url,
      nodeToken: settings.source.nodeToken,
      nodeVersion: options.nodeVersion,
      logger,
      collect: async () => ({ revision: store.current.revision ?? null, targets: registry.snapshot() }),
    });
    registry.onChange(() => reporter?.healthChanged());
  }

  return {
    port,
    url,
    metricsPort: metricsServer?.port,
    currentTable: () => store.current,
    reloadConfigFile: () => feed.reloadConfigFile(),
    async close(graceMs) {
      await feed.stop();
      await reporter?.stop();
      await serving.close(graceMs);
      await metricsServer?.close();
    },
  };
}

/** A wildcard bind is reachable on loopback; a specific address is reachable on itself. */
export function reachableHost(bind: string): string {
  if (bind === "0.0.0.0" || bind === "") return "127.0.0.1";
  if (bind === "::") return "[::1]";
  return bind.includes(":") ? `[${bind}]` : bind;
}
