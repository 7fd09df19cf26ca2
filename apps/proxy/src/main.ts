#!/usr/bin/env -S npx tsx --no-allocation-site-pretenuring
import cluster from "node:cluster";
import { isAppError } from "@gatehouse/shared";
import pino from "pino";
import packageJson from "../package.json" with { type: "json" };
import { startWorker } from "./cluster-worker.ts";
import { startPrimary } from "./cluster.ts";
import { missingProxyNodeFlags } from "./node-flags.ts";
import { startProxyNode } from "./proxy-node.ts";
import { loadSettings, type TProxySettings } from "./settings.ts";

// JSON lines on stdout; ISO time and level names so a person can read them without a formatter.
const logger = pino({
  base: { service: "gatehouse-proxy", pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

interface TRunningNode {
  reloadConfigFile(): Promise<void>;
  close(graceMs: number): Promise<void>;
}

async function main(): Promise<void> {
  const settings = await loadSettings(process.argv.slice(2), process.env);
  logger.level = settings.logLevel;
  const missingFlags = missingProxyNodeFlags(process.execArgv);
  if (missingFlags.length > 0) {
    logger.warn({ missingFlags }, "proxy started without its node flags: it serves, with longer GC pauses; start it with npm start or add the flags");
  }
  if (cluster.isWorker) {
    await startWorker(settings, logger);
    return;
  }
  const options = { nodeVersion: packageJson.version };
  let node: TRunningNode;
  if (settings.workers === 1) {
    node = await startProxyNode(settings, logger, options);
  } else {
    const primary = await startPrimary(settings, logger, options);
    await primary.listening;
    node = primary;
  }
  handleSignals(node, settings);
}

function handleSignals(node: TRunningNode, settings: TProxySettings): void {
  process.on("SIGHUP", () => {
    if (settings.source.kind !== "file") {
      logger.info("SIGHUP ignored: the control plane pushes config changes");
      return;
    }
    logger.info({ path: settings.source.path }, "SIGHUP: re-reading the config file");
    void node.reloadConfigFile();
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: settings.shutdownGraceMs }, "proxy stopping: finishing in-flight requests");
    node.close(settings.shutdownGraceMs).then(
      () => {
        logger.info("proxy stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "proxy shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  if (isAppError(error)) logger.fatal({ code: error.code }, error.message);
  else logger.fatal({ err: error }, "proxy failed to start");
  process.exit(1);
});
