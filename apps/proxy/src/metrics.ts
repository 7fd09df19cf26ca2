import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { TTargetHealthReport } from "@gatehouse/shared";
import type { Logger } from "pino";
import { AggregatorRegistry, Counter, Gauge, Registry } from "prom-client";

/** Metrics are for the machine's own scraper (or an SSH tunnel), never for the proxied network. */
export const METRICS_BIND = "127.0.0.1";
export const METRICS_PATH = "/metrics";

const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
/** Label for requests no host claimed (default site, refused requests). */
export const UNMATCHED_HOST = "_unmatched";
// Proxy overhead is sub-millisecond; upstream answers range to seconds.
const LATENCY_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type THistogramValue = { metricName: string; labels: Record<string, string | number>; value: number };

/**
 * An unlabelled histogram that prom-client reads at scrape time (and aggregates across workers
 * like its own, by summing). prom-client's Histogram allocates and hashes labels on every
 * observe(); this one only bumps a slot.
 */
class LatencyHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = "histogram";
  readonly aggregator = "sum";
  readonly #bounds: readonly number[];
  /** Per bucket, not cumulative; cumulated when read. */
  readonly #counts: Float64Array;
  #sum = 0;
  #count = 0;

  constructor(name: string, help: string, bounds: readonly number[]) {
    this.name = name;
    this.help = help;
    this.#bounds = bounds;
    this.#counts = new Float64Array(bounds.length);
  }

  observe(value: number): void {
    const bounds = this.#bounds;
    let index = 0;
    while (index < bounds.length && value > bounds[index]!) index += 1;
    if (index < bounds.length) this.#counts[index]! += 1;
    this.#sum += value;
    this.#count += 1;
  }

  /** prom-client's metric JSON shape, as Registry.metrics() and the cluster aggregation read it. */
  get(): { name: string; help: string; type: string; aggregator: string; values: THistogramValue[] } {
    const values: THistogramValue[] = [];
    let cumulative = 0;
    this.#bounds.forEach((bound, index) => {
      cumulative += this.#counts[index]!;
      values.push({ metricName: `${this.name}_bucket`, labels: { le: bound }, value: cumulative });
    });
    values.push({ metricName: `${this.name}_bucket`, labels: { le: "+Inf" }, value: this.#count });
    values.push({ metricName: `${this.name}_sum`, labels: {}, value: this.#sum });
    values.push({ metricName: `${this.name}_count`, labels: {}, value: this.#count });
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

/**
 * Request metrics of one serving process. Counts are kept in plain arrays and handed to prom-client
 * only when scraped: a labelled `inc()` per request would hash its labels on the hot path.
 */
export class RequestMetrics {
  readonly registry = new Registry();
  readonly #countsByHost = new Map<string, number[]>();
  readonly #duration = new LatencyHistogram(
    "gatehouse_proxy_request_duration_seconds",
    "Time from the request reaching the proxy to its response being done.",
    LATENCY_BUCKETS_SECONDS,
  );

  constructor() {
    const countsByHost = this.#countsByHost;
    new Counter({
      name: "gatehouse_proxy_requests_total",
      help: "Requests answered, by configured host and status class.",
      labelNames: ["host", "status_class"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [host, counts] of countsByHost) {
          counts.forEach((count, index) => {
            if (count > 0) this.inc({ host, status_class: STATUS_CLASSES[index]! }, count);
          });
        }
      },
    });
    this.registry.registerMetric(this.#duration as never);
  }

  /** `seconds` is left out for WebSocket tunnels: their lifetime is not a request latency. */
  observe(hostLabel: string | undefined, status: number, seconds: number | undefined): void {
    const host = hostLabel ?? UNMATCHED_HOST;
    let counts = this.#countsByHost.get(host);
    if (counts === undefined) {
      counts = [0, 0, 0, 0, 0];
      this.#countsByHost.set(host, counts);
    }
    const statusClass = Math.trunc(status / 100) - 1;
    if (statusClass >= 0 && statusClass < 5) counts[statusClass]! += 1;
    if (seconds !== undefined) this.#duration.observe(seconds);
  }

  /** Lets the primary's AggregatorRegistry collect this process's metrics over cluster IPC. */
  shareWithPrimary(): void {
    AggregatorRegistry.setRegistries([this.registry]);
    // The constructor installs the worker's answer to the primary's metrics requests.
    new AggregatorRegistry();
  }
}

export interface TNodeState {
  appliedRevision(): number | undefined;
  targetHealth(): readonly TTargetHealthReport[];
}

/** Per-node gauges, kept by the process that owns config and health (the primary, or the only process). */
export function createNodeMetrics(state: TNodeState): Registry {
  const registry = new Registry();
  new Gauge({
    name: "gatehouse_proxy_config_revision",
    help: "Config revision this node serves; -1 until a first snapshot is applied.",
    registers: [registry],
    collect() {
      this.set(state.appliedRevision() ?? -1);
    },
  });
  new Gauge({
    name: "gatehouse_proxy_upstream_target_up",
    help: "1 while an upstream target is available, 0 while it is ejected; absent while unknown.",
    labelNames: ["upstream", "target"],
    registers: [registry],
    collect() {
      this.reset();
      for (const target of state.targetHealth()) {
        if (target.state !== "unknown") this.set({ upstream: target.upstreamId, target: target.url }, target.state === "up" ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: "gatehouse_proxy_upstream_target_in_flight",
    help: "Requests in flight to an upstream target.",
    labelNames: ["upstream", "target"],
    registers: [registry],
    collect() {
      this.reset();
      for (const target of state.targetHealth()) this.set({ upstream: target.upstreamId, target: target.url }, target.inFlight);
    },
  });
  return registry;
}

/** The exposition text: one process's registries, or the workers' aggregate plus the primary's. */
export type TMetricsSource = () => Promise<string>;

export function singleProcessMetrics(requests: RequestMetrics, node: Registry): TMetricsSource {
  const merged = Registry.merge([requests.registry, node]);
  return () => merged.metrics();
}

export function clusterMetrics(node: Registry): TMetricsSource {
  const aggregator = new AggregatorRegistry();
  // The families are disjoint (workers count requests, the primary owns node state): concatenating
  // the two expositions is a valid exposition.
  return async () => `${await aggregator.clusterMetrics()}\n${await node.metrics()}`;
}

export interface TMetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics on 127.0.0.1. A port that cannot be bound is logged and skipped rather than
 * fatal: losing metrics must not take the proxy, and the traffic it carries, down with it.
 */
export async function startMetricsServer(port: number, source: TMetricsSource, logger: Logger): Promise<TMetricsServer | undefined> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== METRICS_PATH) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end(`Metrics are at ${METRICS_PATH}.\n`);
      return;
    }
    source().then(
      (text) => res.writeHead(200, { "content-type": Registry.PROMETHEUS_CONTENT_TYPE }).end(text),
      (error: unknown) => {
        logger.error({ err: error }, "collecting metrics failed");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("Collecting metrics failed.\n");
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host: METRICS_BIND }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    logger.error({ err: error, port, bind: METRICS_BIND }, "metrics endpoint not started: serving without it");
    return undefined;
  }
  const bound = (server.address() as AddressInfo).port;
  logger.info({ url: `http://${METRICS_BIND}:${bound}${METRICS_PATH}` }, "metrics listening");
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
