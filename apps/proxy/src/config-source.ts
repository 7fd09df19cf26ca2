import { AppError, type TProxyConfig } from "@gatehouse/shared";
import type { Logger } from "pino";
import { startConfigClient, type TConfigClientOptions } from "./config-client.ts";
import { readConfigFile } from "./config-file.ts";
import { LastGoodFile } from "./last-good.ts";
import type { TConfigSource } from "./settings.ts";

/**
 * Where validated snapshots go: the local route table (one process), or the primary's table plus
 * every worker (cluster). `offer` validates, refuses stale revisions, and resolves once the
 * snapshot is served everywhere it has to be.
 */
export type TSinkOutcome =
  | { kind: "applied"; config: TProxyConfig }
  | { kind: "invalid"; reason: string }
  | { kind: "stale" };

export interface TConfigSink {
  offer(raw: unknown, source: string): Promise<TSinkOutcome>;
  appliedRevision(): number | undefined;
}

export interface TConfigFeed {
  /** `--config` mode: read the file again and apply it if valid and newer (SIGHUP). */
  reloadConfigFile(): Promise<void>;
  stop(): Promise<void>;
}

export interface TConfigFeedOptions {
  nodeVersion: string;
  /** Overrides of the long-poll timing, for tests; production uses the contract's defaults. */
  configClient?: Pick<TConfigClientOptions, "waitSeconds" | "backoff">;
}

/**
 * Loads the first snapshot (the file, or the last-good copy in control-plane mode) and then keeps
 * the sink fed: from SIGHUP reloads of the file, or from the control plane's long poll, saving
 * every applied control-plane snapshot as the new last-good copy.
 */
export async function startConfigFeed(
  source: TConfigSource,
  stateDir: string,
  sink: TConfigSink,
  logger: Logger,
  options: TConfigFeedOptions,
): Promise<TConfigFeed> {
  if (source.kind === "file") {
    const outcome = await sink.offer(await readConfigFile(source.path), "file");
    if (outcome.kind === "invalid") throw new AppError("BAD_INPUT", `The config file ${source.path} is invalid:\n${outcome.reason}`);
    return {
      async reloadConfigFile() {
        try {
          await sink.offer(await readConfigFile(source.path), "file");
        } catch (error) {
          logger.error({ err: error }, "config file reload failed: keeping the current config");
        }
      },
      async stop() {},
    };
  }

  const lastGood = new LastGoodFile(stateDir, logger);
  // Serve what we last had while the control plane is away; it catches us up when it answers.
  const saved = await lastGood.load();
  if (saved !== undefined) await sink.offer(saved, "last-good");

  const client = startConfigClient({
    controlPlaneUrl: source.url,
    nodeToken: source.nodeToken,
    nodeVersion: options.nodeVersion,
    logger,
    ...options.configClient,
    appliedRevision: () => sink.appliedRevision(),
    async applySnapshot(raw) {
      const outcome = await sink.offer(raw, "control-plane");
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
  return {
    async reloadConfigFile() {},
    stop: () => client.stop(),
  };
}
