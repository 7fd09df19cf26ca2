import cluster from "node:cluster";
import type { TProxyConfig, TTargetHealthReport } from "@gatehouse/shared";
import type { Logger } from "pino";
import { isGatehouseMessage, type TPrimaryMessage, type TWorkerMessage } from "./cluster-messages.ts";
import { HealthFollower } from "./health-sync.ts";
import { createServingProcess, type TBoundPorts } from "./proxy-node.ts";
import type { TProxySettings } from "./settings.ts";
import type { TTlsIdentity } from "./tls/tls-identity.ts";

/**
 * A serving worker of a cluster node: asks the primary for the current snapshot, compiles it, then
 * shares the HTTP port. It runs no active health checks (the primary does, once) and adopts the
 * primary's verdicts. Drains and exits on the primary's word, on SIGTERM/SIGINT, or when the
 * primary is gone.
 */
export async function startWorker(settings: TProxySettings, logger: Logger): Promise<void> {
  const workerLogger = logger.child({ worker: cluster.worker?.id });
  const serving = createServingProcess(settings, workerLogger, { activeHealthChecks: false, quietSwaps: true });
  serving.requestMetrics.shareWithPrimary();
  const toPrimary = (message: TWorkerMessage) => {
    if (process.connected) process.send?.(message);
  };
  const health = new HealthFollower(serving.upstreams.registry, () => serving.store.current, {
    ejected: (upstreamId, url, lastError) => toPrimary({ type: "gh:ejected", upstreamId, url, lastError }),
    answered: (upstreamId, url) => toPrimary({ type: "gh:answered", upstreamId, url }),
  });

  let draining = false;
  function drain(reason: string): void {
    if (draining) return;
    draining = true;
    workerLogger.info({ reason }, "proxy worker draining");
    serving.close(settings.shutdownGraceMs).then(
      () => process.exit(0),
      (error: unknown) => {
        workerLogger.error({ err: error }, "proxy worker shutdown failed");
        process.exit(1);
      },
    );
  }

  function apply(config: TProxyConfig, states: TTargetHealthReport[]): void {
    const outcome = serving.store.offer(config, "primary");
    // Verdicts for this table's targets, which a new snapshot may have just created.
    health.apply(states);
    if (outcome.kind === "invalid") return;
    if (outcome.kind === "applied") workerLogger.info({ revision: config.revision }, "worker serves config");
    toPrimary({ type: "gh:applied", revision: config.revision });
  }

  let initialized!: (identity: TTlsIdentity | undefined) => void;
  const init = new Promise<TTlsIdentity | undefined>((resolve) => (initialized = resolve));
  process.on("message", (message: unknown) => {
    if (!isGatehouseMessage<TPrimaryMessage>(message)) return;
    switch (message.type) {
      case "gh:init":
        if (message.config !== null) apply(message.config, message.health);
        initialized(message.tls ?? undefined);
        return;
      case "gh:config":
        apply(message.config, message.health);
        return;
      case "gh:health":
        health.apply(message.states);
        return;
      case "gh:targets-request":
        toPrimary({ type: "gh:targets", requestId: message.requestId, targets: serving.upstreams.registry.snapshot() });
        return;
      case "gh:drain":
        drain("primary asked");
        return;
    }
  });
  process.on("SIGTERM", () => drain("SIGTERM"));
  process.on("SIGINT", () => drain("SIGINT"));
  // Config reloads are the primary's business; SIGHUP's default action would kill the worker.
  process.on("SIGHUP", () => {});
  process.on("disconnect", () => drain("primary gone"));

  toPrimary({ type: "gh:ready" });
  const identity = await init;
  let ports: TBoundPorts;
  try {
    ports = await serving.listen(identity);
  } catch (error) {
    toPrimary({ type: "gh:listen-failed", reason: (error as Error).message });
    process.exit(1);
  }
  toPrimary({ type: "gh:listening", ...ports });
}
