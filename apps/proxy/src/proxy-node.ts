import type { ServerResponse } from "node:http";
import type { Logger } from "pino";
import { createAccessLog } from "./access-log.ts";
import { startConfigFeed, type TConfigFeedOptions, type TConfigSink } from "./config-source.ts";
import { createNodeMetrics, RequestMetrics, singleProcessMetrics, startMetricsServer, type TMetricsServer } from "./metrics.ts";
import { startNodeReporter, type TNodeReporter } from "./node-reporter.ts";
import { createProxyHandler } from "./proxy-handler.ts";
import { requestFacts, startRequestFacts, startTunnelFacts } from "./request-facts.ts";
import { RouteTableStore, type TRouteTable } from "./route-table.ts";
import type { TScheme } from "./router.ts";
import { peerAddress } from "./passes/forwarded.ts";
import { createConnectionCap } from "./limits/connection-cap.ts";
import { createProxyServer, type TProxyServerOptions, type TRequestHandler } from "./server.ts";
import type { TProxySettings } from "./settings.ts";
import { createHttp2Server } from "./tls/http2-server.ts";
import { createHttpsListener, type THttpsListener } from "./tls/https-listener.ts";
import { createTlsIdentity, type TTlsIdentity } from "./tls/tls-identity.ts";
import { UpstreamRuntime } from "./upstream/upstream-runtime.ts";
import { createUpgradeHandler } from "./websocket.ts";

export type TProxyNodeOptions = TConfigFeedOptions;

/** One process that serves HTTP: its route table, upstream pools, server, access log and request metrics. */
export interface TServingProcess {
  readonly store: RouteTableStore;
  /** Target health (registry.snapshot(), registry.onChange) and keep-alive pools of this process. */
  readonly upstreams: UpstreamRuntime;
  readonly requestMetrics: RequestMetrics;
  /**
   * Binds the HTTP port and, given the node's TLS identity (see tlsIdentityFor), the HTTPS port; both
   * are shared between cluster workers. Resolves with the ports actually bound.
   */
  listen(identity: TTlsIdentity | undefined): Promise<TBoundPorts>;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), closes pools, flushes the access log. */
  close(graceMs: number): Promise<void>;
}

export interface TBoundPorts {
  port: number;
  /** Null when HTTPS is turned off. */
  httpsPort: number | null;
}

/** The node's TLS identity when it serves HTTPS: made once, by whoever starts the serving processes. */
export async function tlsIdentityFor(settings: TProxySettings): Promise<TTlsIdentity | undefined> {
  return settings.httpsPort === null ? undefined : createTlsIdentity();
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
  const currentTable = () => store.current;
  const isTrustedPeer = (address: string) => store.current.trustedProxies.trusts(peerAddress(address));
  // One cap for both ports: a client's HTTP and HTTPS connections count together.
  const connectionCap = createConnectionCap(settings.edgeLimits.maxConnectionsPerIp, isTrustedPeer);

  // One listener function for every response (`this` is the response): no closure per request.
  function onResponseClose(this: ServerResponse): void {
    const facts = requestFacts(this)!;
    const durationMs = performance.now() - facts.startedAt;
    requestMetrics.observe(facts.hostLabel, this.headersSent ? this.statusCode : 499, durationMs / 1000);
    accessLog?.write(this.req, this, facts, durationMs);
  }
  // Runs before the edge's own refusals (400, 503), so those are logged and counted too.
  function observerFor(scheme: TScheme): TRequestHandler {
    return (_req, res) => {
      startRequestFacts(res, performance.now(), scheme);
      // `on`, not `once`: a response closes once, and once() would allocate a wrapper per request.
      res.on("close", onResponseClose);
    };
  }
  const observers = { http: observerFor("http"), https: observerFor("https") };

  /** Everything the HTTP/1.1 server needs for one scheme: the HTTPS listener feeds its own instance. */
  function http1Options(scheme: TScheme): TProxyServerOptions {
    return {
      limits: settings.edgeLimits,
      observe: observers[scheme],
      // A tunnel is one request whose response lasts until its socket closes: one line, one observation.
      observeUpgrade(req, socket) {
        const facts = startTunnelFacts(socket, performance.now(), scheme);
        socket.once("close", () => {
          const durationMs = performance.now() - facts.startedAt;
          requestMetrics.observe(facts.hostLabel, facts.status ?? 499, undefined);
          accessLog?.writeTunnel(req, facts, durationMs);
        });
      },
      onUpgrade: createUpgradeHandler({
        currentTable,
        logger,
        scheme,
        idleTimeoutMs: settings.edgeLimits.websocketIdleTimeoutMs,
        publicHttpsPort: settings.publicHttpsPort,
      }),
      connectionCap,
    };
  }
  const handlerFor = (scheme: TScheme) => createProxyHandler({ currentTable, logger, scheme, publicHttpsPort: settings.publicHttpsPort });

  const proxyServer = createProxyServer(handlerFor("http"), http1Options("http"));
  let shutdownHttps: ((graceMs: number) => Promise<unknown>) | undefined;

  /** The HTTPS port's own HTTP/1.1 and HTTP/2 servers behind one TLS listener, sharing the handler. */
  function startHttps(identity: TTlsIdentity): THttpsListener {
    const handler = handlerFor("https");
    const http1 = createProxyServer(handler, http1Options("https"));
    const http2 = createHttp2Server(handler, { limits: settings.edgeLimits, observe: observers.https });
    const listener = createHttpsListener({ currentTable, identity, http1, http2, connectionCap, limits: settings.edgeLimits });
    shutdownHttps = (graceMs) => Promise.all([listener.close(graceMs), http1.shutdown(graceMs), http2.shutdown(graceMs)]);
    return listener;
  }

  return {
    store,
    upstreams,
    requestMetrics,
    async listen(identity) {
      const port = await proxyServer.listen(settings.httpPort, settings.bind);
      if (identity === undefined || settings.httpsPort === null) return { port, httpsPort: null };
      return { port, httpsPort: await startHttps(identity).listen(settings.httpsPort, settings.bind) };
    },
    async close(graceMs) {
      await Promise.all([proxyServer.shutdown(graceMs), shutdownHttps?.(graceMs)]);
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
  /** Null when HTTPS is turned off. */
  readonly httpsPort: number | null;
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

  const { port, httpsPort } = await serving.listen(await tlsIdentityFor(settings));
  const url = `http://${reachableHost(settings.bind)}:${port}`;
  logger.info({ port, httpsPort, url, revision: store.current.revision, source: settings.source.kind, workers: 1 }, "proxy listening");

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
    httpsPort,
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
