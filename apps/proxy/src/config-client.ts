import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { Agent, request } from "undici";

export const CONFIG_PATH = "api/v1/proxy/config";

export interface TConfigClientOptions {
  controlPlaneUrl: string;
  nodeToken: string;
  nodeVersion: string;
  logger: Logger;
  /** The revision this node serves now; reported as `applied` on every request. */
  appliedRevision: () => number | undefined;
  /** Validates, applies and persists one snapshot body; "rejected" when it was invalid or not newer. */
  applySnapshot: (raw: unknown) => Promise<"applied" | "rejected">;
  /** Long-poll wait the control plane may hold a request (contract: 0..30, default 25). */
  waitSeconds?: number;
  /** Bounds of the retry delay after a failure (contract: 0.5 s .. 10 s). */
  backoff?: { minMs: number; maxMs: number };
}

export interface TConfigClient {
  stop(): Promise<void>;
}

type TPollOutcome = "applied" | "unchanged" | "failed";

/** Full URL of a control-plane API path; keeps any path prefix the control plane is mounted under. */
export function controlPlaneEndpoint(controlPlaneUrl: string, apiPath: string): URL {
  return new URL(apiPath, controlPlaneUrl.endsWith("/") ? controlPlaneUrl : `${controlPlaneUrl}/`);
}

export function configEndpoint(controlPlaneUrl: string): URL {
  return controlPlaneEndpoint(controlPlaneUrl, CONFIG_PATH);
}

/**
 * Exponential backoff with jitter: the ceiling doubles per consecutive failure up to maxMs and the
 * delay is drawn from its upper half, so a fleet of nodes does not reconnect in lockstep after a
 * control-plane restart.
 */
export function backoffDelay(failures: number, bounds: { minMs: number; maxMs: number }, random = Math.random): number {
  const ceiling = Math.min(bounds.maxMs, bounds.minMs * 2 ** Math.max(0, failures - 1));
  return Math.max(bounds.minMs, Math.round(ceiling * (0.5 + random() / 2)));
}

/**
 * Long-polls the control plane for newer snapshots (contract in the common brief). After a snapshot
 * is applied it asks again at once, so the control plane learns the applied revision immediately.
 * Failures never stop serving: the route table keeps whatever was applied last.
 */
export function startConfigClient(options: TConfigClientOptions): TConfigClient {
  const waitSeconds = options.waitSeconds ?? 25;
  const backoff = options.backoff ?? { minMs: 500, maxMs: 10_000 };
  const endpoint = configEndpoint(options.controlPlaneUrl);
  const logger = options.logger.child({ component: "config-client" });
  // The server may hold the request for `wait` seconds before the head arrives.
  const agent = new Agent({ headersTimeout: (waitSeconds + 15) * 1000, bodyTimeout: 60_000 });
  const stopping = new AbortController();
  let reachable: boolean | undefined;

  function noteReachable(): void {
    if (reachable !== true) logger.info({ url: endpoint.origin }, "control plane reachable");
    reachable = true;
  }

  function noteFailure(details: Record<string, unknown>, message: string): void {
    // Loud once per outage, quiet while it lasts: a retry every 10 s would flood the log.
    logger[reachable === false ? "debug" : "warn"](details, message);
    reachable = false;
  }

  async function pollOnce(): Promise<TPollOutcome> {
    const url = new URL(endpoint);
    const applied = options.appliedRevision();
    if (applied !== undefined) url.searchParams.set("applied", String(applied));
    url.searchParams.set("wait", String(waitSeconds));
    try {
      const response = await request(url, {
        dispatcher: agent,
        signal: stopping.signal,
        headers: {
          authorization: `Bearer ${options.nodeToken}`,
          "x-gatehouse-node-version": options.nodeVersion,
        },
      });
      if (response.statusCode === 204) {
        await response.body.dump();
        noteReachable();
        return "unchanged";
      }
      if (response.statusCode !== 200) {
        const excerpt = (await response.body.text()).slice(0, 500);
        noteFailure({ status: response.statusCode, body: excerpt }, "control plane refused the config request");
        return "failed";
      }
      const text = await response.body.text();
      noteReachable();
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        logger.error({ reason: (error as Error).message }, "control plane sent a config that is not JSON");
        return "failed";
      }
      // A rejected snapshot counts as a failure: the control plane would otherwise hand the same
      // bad snapshot back at once, in a tight loop.
      return (await options.applySnapshot(raw)) === "applied" ? "applied" : "failed";
    } catch (error) {
      if (stopping.signal.aborted) return "unchanged";
      noteFailure({ err: error, url: endpoint.origin }, "control plane unreachable: serving the current config");
      return "failed";
    }
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping.signal.aborted) {
      const outcome = await pollOnce();
      if (outcome !== "failed") {
        failures = 0;
        continue;
      }
      failures += 1;
      try {
        await sleep(backoffDelay(failures, backoff), undefined, { signal: stopping.signal });
      } catch {
        // Aborted by stop().
      }
    }
  }

  const running = run();
  return {
    async stop() {
      stopping.abort();
      await running;
      await agent.destroy();
    },
  };
}
