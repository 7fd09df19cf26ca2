import cluster, { type Worker } from "node:cluster";
import { AppError, type TProxyConfig, type TTargetHealthReport } from "@gatehouse/shared";
import type { Logger } from "pino";
import { isGatehouseMessage, type TPrimaryMessage, type TWorkerMessage } from "./cluster-messages.ts";
import { startConfigFeed, type TConfigSink } from "./config-source.ts";
import { HealthAuthority } from "./health-sync.ts";
import { clusterMetrics, createNodeMetrics, startMetricsServer, type TMetricsServer } from "./metrics.ts";
import { startNodeReporter, type TNodeReporter } from "./node-reporter.ts";
import { reachableHost, storeSink, tlsIdentityFor, warningsOnly, type TBoundPorts, type TProxyNodeOptions } from "./proxy-node.ts";
import { RouteTableStore } from "./route-table.ts";
import type { TProxySettings } from "./settings.ts";
import { UpstreamRuntime } from "./upstream/upstream-runtime.ts";

/** A worker acknowledges a snapshot after compiling it; one that takes longer is logged, not waited for. */
const APPLY_ACK_TIMEOUT_MS = 10_000;
const TARGETS_REQUEST_TIMEOUT_MS = 2_000;
/** After the grace period, workers that still have not exited are killed. */
const EXIT_SLACK_MS = 5_000;
/** A worker that dies this soon after starting is crash-looping: restart it with a growing delay. */
const QUICK_DEATH_MS = 5_000;
const RESTART_DELAY_MS = { min: 500, max: 10_000 };
const DEFAULT_COOLDOWN_MS = 30_000;

interface TWorkerSlot {
  worker: Worker;
  startedAt: number;
  /** Sent "gh:ready": its message listener is installed, so it can be sent snapshots. */
  ready: boolean;
  /** Could not bind the port: restarting would fail the same way. */
  listenFailed: boolean;
  appliedRevision: number | undefined;
}

export interface TPrimary {
  /** Resolves once every initial worker listens, with the shared ports. */
  readonly listening: Promise<TBoundPorts>;
  reloadConfigFile(): Promise<void>;
  /** Stops config and reports, drains every worker within graceMs, then resolves. */
  close(graceMs: number): Promise<void>;
}

/**
 * The primary of a cluster node: runs the config feed (and last-good file), the active health
 * checks, health reporting and metrics; forks one serving worker per configured core, forwards
 * each validated snapshot to every worker once, and restarts a worker that dies. It never serves
 * HTTP itself.
 */
export async function startPrimary(settings: TProxySettings, logger: Logger, options: TProxyNodeOptions): Promise<TPrimary> {
  cluster.setupPrimary({ serialization: "advanced" });
  // The primary compiles each snapshot too: that is the validation, it keeps the revision order,
  // and its registry runs the one set of active checks whose verdicts every worker adopts.
  const runtime = new UpstreamRuntime(logger);
  // "config applied" is logged below, once every worker serves the snapshot, not when it compiles here.
  const store = new RouteTableStore(warningsOnly(logger), runtime);
  const slots = new Map<number, TWorkerSlot>();
  const ackWaiters = new Set<() => void>();
  const targetRequests = new Map<number, { pending: number; targets: TTargetHealthReport[][]; done: () => void }>();
  let nextRequestId = 0;
  let current: TProxyConfig | undefined;
  let cooldowns = new Map<string, number>();
  let closing = false;
  let quickDeaths = 0;
  let reporter: TNodeReporter | undefined;

  const health = new HealthAuthority(runtime.registry, (upstreamId) => cooldowns.get(upstreamId) ?? DEFAULT_COOLDOWN_MS, () => {
    const states = health.states();
    for (const slot of slots.values()) if (slot.ready) send(slot, { type: "gh:health", states });
    reporter?.healthChanged();
  });

  // Made here once, so every worker (also one restarted later) serves the same default certificate
  // and resumes the same session tickets.
  const tlsIdentity = (await tlsIdentityFor(settings)) ?? null;
  const initialWorkers = settings.workers;
  let resolveListening!: (ports: TBoundPorts) => void;
  let rejectListening!: (error: Error) => void;
  const listening = new Promise<TBoundPorts>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  let listeningCount = 0;

  function send(slot: TWorkerSlot, message: TPrimaryMessage): void {
    if (slot.worker.isConnected()) slot.worker.send(message);
  }

  function fork(): void {
    const worker = cluster.fork();
    slots.set(worker.id, { worker, startedAt: Date.now(), ready: false, listenFailed: false, appliedRevision: undefined });
  }

  cluster.on("message", (worker, message: unknown) => {
    if (!isGatehouseMessage<TWorkerMessage>(message)) return;
    const slot = slots.get(worker.id);
    if (slot === undefined) return;
    switch (message.type) {
      case "gh:ready":
        slot.ready = true;
        send(slot, { type: "gh:init", config: current ?? null, health: health.states(), tls: tlsIdentity });
        return;
      case "gh:listening":
        listeningCount += 1;
        if (listeningCount === initialWorkers) resolveListening({ port: message.port, httpsPort: message.httpsPort });
        return;
      case "gh:listen-failed": {
        // Nothing a restart would fix (port taken, no permission): the node cannot start.
        slot.listenFailed = true;
        const ports = `HTTP ${settings.httpPort}, HTTPS ${settings.httpsPort ?? "off"}`;
        rejectListening(new AppError("BAD_INPUT", `Cannot listen on ${settings.bind} (${ports}): ${message.reason}`));
        return;
      }
      case "gh:applied":
        slot.appliedRevision = Math.max(slot.appliedRevision ?? -1, message.revision);
        for (const wake of ackWaiters) wake();
        return;
      case "gh:ejected":
        health.noteEjected(message.upstreamId, message.url, message.lastError);
        return;
      case "gh:answered":
        health.noteAnswered(message.upstreamId, message.url);
        return;
      case "gh:targets": {
        const request = targetRequests.get(message.requestId);
        if (request === undefined) return;
        request.targets.push(message.targets);
        request.pending -= 1;
        if (request.pending === 0) request.done();
        return;
      }
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    const slot = slots.get(worker.id);
    slots.delete(worker.id);
    for (const wake of ackWaiters) wake();
    if (closing || slot === undefined || slot.listenFailed) return;
    const lived = Date.now() - slot.startedAt;
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    const delayMs = quickDeaths === 0 ? 0 : Math.min(RESTART_DELAY_MS.max, RESTART_DELAY_MS.min * 2 ** (quickDeaths - 1));
    logger.error({ workerPid: worker.process.pid, code, signal, restartInMs: delayMs }, "proxy worker died: starting a new one");
    setTimeout(() => {
      if (!closing) fork();
    }, delayMs).unref();
  });

  /** Resolves when every live worker has applied `revision` (a worker that dies meanwhile no longer counts). */
  function allWorkersApplied(revision: number): Promise<boolean> {
    const done = () => [...slots.values()].every((slot) => (slot.appliedRevision ?? -1) >= revision);
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), APPLY_ACK_TIMEOUT_MS);
      const wake = () => {
        if (done()) finish(true);
      };
      function finish(applied: boolean) {
        clearTimeout(timer);
        ackWaiters.delete(wake);
        resolve(applied);
      }
      ackWaiters.add(wake);
    });
  }

  const localSink = storeSink(store);
  const sink: TConfigSink = {
    appliedRevision: localSink.appliedRevision,
    async offer(raw, source) {
      const previousRevision = store.current.revision;
      const outcome = await localSink.offer(raw, source);
      if (outcome.kind !== "applied") return outcome;
      current = outcome.config;
      cooldowns = new Map(current.upstreams.map((upstream) => [upstream.id, upstream.passiveHealth.cooldownMs]));
      health.refresh();
      // A worker not ready yet gets this snapshot in its "gh:init".
      const message: TPrimaryMessage = { type: "gh:config", config: outcome.config, health: health.states() };
      for (const slot of slots.values()) if (slot.ready) send(slot, message);
      // Applied means served by every worker: only then does the control plane hear the revision.
      const { revision } = outcome.config;
      if (!(await allWorkersApplied(revision))) logger.warn({ revision }, "a proxy worker has not confirmed the new config yet");
      logger.info({ source, revision, previousRevision, hosts: outcome.config.hosts.length, workers: slots.size }, "config applied");
      return outcome;
    },
  };

  /** The merged verdicts, with in-flight counts summed over the workers (each is asked). */
  function collectTargets(): Promise<TTargetHealthReport[]> {
    const live = [...slots.values()].filter((slot) => slot.ready && slot.worker.isConnected());
    const requestId = nextRequestId++;
    return new Promise((resolve) => {
      const request = {
        pending: live.length,
        targets: [] as TTargetHealthReport[][],
        done: () => {
          clearTimeout(timer);
          targetRequests.delete(requestId);
          resolve(withInFlight(health.states(), request.targets));
        },
      };
      const timer = setTimeout(request.done, TARGETS_REQUEST_TIMEOUT_MS);
      targetRequests.set(requestId, request);
      if (live.length === 0) return request.done();
      for (const slot of live) send(slot, { type: "gh:targets-request", requestId });
    });
  }

  // The feed loads the file or the last-good copy before any worker exists: workers start with it.
  const feed = await startConfigFeed(settings.source, settings.stateDir, sink, logger, options);
  for (let index = 0; index < initialWorkers; index += 1) fork();

  let metricsServer: TMetricsServer | undefined;
  if (settings.metricsPort !== null) {
    const nodeState = { appliedRevision: () => store.current.revision, targetHealth: () => health.states() };
    metricsServer = await startMetricsServer(settings.metricsPort, clusterMetrics(createNodeMetrics(nodeState)), logger);
  }
  if (settings.source.kind === "control-plane") {
    reporter = startNodeReporter({
      controlPlaneUrl: settings.source.url,
      nodeToken: settings.source.nodeToken,
      nodeVersion: options.nodeVersion,
      logger,
      collect: async () => ({ revision: store.current.revision ?? null, targets: await collectTargets() }),
    });
  }

  void listening.then(
    ({ port, httpsPort }) => {
      const url = `http://${reachableHost(settings.bind)}:${port}`;
      const fields = { port, httpsPort, url, revision: store.current.revision, source: settings.source.kind, workers: initialWorkers };
      logger.info(fields, "proxy listening");
    },
    () => {},
  );

  return {
    listening,
    reloadConfigFile: () => feed.reloadConfigFile(),
    async close(graceMs) {
      closing = true;
      await feed.stop();
      await reporter?.stop();
      await Promise.all([...slots.values()].map((slot) => drainWorker(slot, graceMs)));
      health.close();
      await runtime.close();
      await metricsServer?.close();
    },
  };

  function drainWorker(slot: TWorkerSlot, graceMs: number): Promise<void> {
    return new Promise((resolve) => {
      if (slot.worker.isDead()) return resolve();
      const killer = setTimeout(() => slot.worker.process.kill("SIGKILL"), graceMs + EXIT_SLACK_MS);
      slot.worker.once("exit", () => {
        clearTimeout(killer);
        resolve();
      });
      send(slot, { type: "gh:drain" });
    });
  }
}

function withInFlight(states: readonly TTargetHealthReport[], perWorker: readonly TTargetHealthReport[][]): TTargetHealthReport[] {
  const inFlight = new Map<string, number>();
  for (const targets of perWorker) {
    for (const target of targets) {
      const key = `${target.upstreamId}\n${target.url}`;
      inFlight.set(key, (inFlight.get(key) ?? 0) + target.inFlight);
    }
  }
  return states.map((state) => ({ ...state, inFlight: inFlight.get(`${state.upstreamId}\n${state.url}`) ?? 0 }));
}
