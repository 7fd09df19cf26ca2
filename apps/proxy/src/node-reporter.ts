import { ZNodeReport, type TNodeReport } from "@gatehouse/shared";
import type { Logger } from "pino";
import { Agent, request } from "undici";
import { controlPlaneEndpoint } from "./config-client.ts";

export const REPORT_PATH = "api/v1/proxy/report";
/** Contract: a report every 5 s, and within about a second of a health change. */
export const REPORT_INTERVAL_MS = 5_000;
const CHANGE_COALESCE_MS = 250;

export interface TNodeReporterOptions {
  controlPlaneUrl: string;
  nodeToken: string;
  nodeVersion: string;
  logger: Logger;
  /** Gathers the current state (in cluster mode that includes asking every worker). */
  collect: () => Promise<TNodeReport>;
  intervalMs?: number;
}

export interface TNodeReporter {
  /** A target changed state: report soon, coalescing a burst of changes into one POST. */
  healthChanged(): void;
  stop(): Promise<void>;
}

/**
 * Posts this node's upstream health to the control plane (ZNodeReport, node token). One POST at a
 * time; a change noticed during a POST is sent right after it. Failures are logged and the next
 * tick tries again: the report is a status display, serving never depends on it.
 */
export function startNodeReporter(options: TNodeReporterOptions): TNodeReporter {
  const endpoint = controlPlaneEndpoint(options.controlPlaneUrl, REPORT_PATH);
  const logger = options.logger.child({ component: "node-reporter" });
  const intervalMs = options.intervalMs ?? REPORT_INTERVAL_MS;
  const agent = new Agent({ headersTimeout: 10_000, bodyTimeout: 10_000 });
  let timer: NodeJS.Timeout | undefined;
  let dueAt = 0;
  let posting: Promise<void> | undefined;
  let changedWhilePosting = false;
  let stopped = false;
  let lastFailed = false;

  /** Sets the next POST; never postpones one already due sooner, so steady changes cannot starve it. */
  function schedule(delayMs: number): void {
    if (stopped) return;
    const at = Date.now() + delayMs;
    if (timer !== undefined && dueAt <= at) return;
    clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      send();
    }, delayMs);
  }

  function send(): void {
    if (posting !== undefined) {
      changedWhilePosting = true;
      return;
    }
    posting = postOnce().finally(() => {
      posting = undefined;
      if (changedWhilePosting) {
        changedWhilePosting = false;
        schedule(0);
      } else {
        schedule(intervalMs);
      }
    });
  }

  async function postOnce(): Promise<void> {
    try {
      const report = ZNodeReport.parse(await options.collect());
      const response = await request(endpoint, {
        method: "POST",
        dispatcher: agent,
        headers: {
          authorization: `Bearer ${options.nodeToken}`,
          "content-type": "application/json",
          "x-gatehouse-node-version": options.nodeVersion,
        },
        body: JSON.stringify(report),
      });
      const text = await response.body.text();
      if (response.statusCode >= 300) {
        noteFailure({ status: response.statusCode, body: text.slice(0, 500) }, "control plane refused the node report");
        return;
      }
      if (lastFailed) logger.info("node report delivered again");
      lastFailed = false;
    } catch (error) {
      if (!stopped) noteFailure({ err: error, url: endpoint.origin }, "node report failed");
    }
  }

  function noteFailure(details: Record<string, unknown>, message: string): void {
    // Loud once per outage; the config client already says when the control plane is away.
    logger[lastFailed ? "debug" : "warn"](details, message);
    lastFailed = true;
  }

  schedule(0);
  return {
    healthChanged() {
      if (posting !== undefined) changedWhilePosting = true;
      else schedule(CHANGE_COALESCE_MS);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await posting;
      await agent.destroy();
    },
  };
}
