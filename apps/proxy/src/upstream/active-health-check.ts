import type { TActiveHealthCheck } from "@gatehouse/shared";
import type { Dispatcher } from "undici";
import type { TPoolTarget } from "./selection-policy.ts";
import { classifyUpstreamFailure } from "./upstream-failure.ts";

const USER_AGENT = "Gatehouse-HealthCheck/1";

/**
 * Probes one target on its own schedule: GET `path` every `intervalMs`, healthy when the status is
 * within `expectedStatus`. The next probe is scheduled after the previous one settles, so a slow
 * backend is never hit by overlapping probes. Results go to the target's TargetHealth, which owns
 * the rise/fall logic.
 */
export class ActiveHealthCheck {
  readonly target: TPoolTarget;
  readonly check: TActiveHealthCheck;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: AbortController | undefined;
  #stopped = false;

  constructor(target: TPoolTarget, check: TActiveHealthCheck) {
    this.target = target;
    this.check = check;
  }

  /** Probes at once, so a new target's state is known within one timeout rather than one interval. */
  start(): void {
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#probe(), delayMs);
    // Health checks alone must never keep a draining process alive.
    this.#timer.unref();
  }

  async #probe(): Promise<void> {
    const abort = new AbortController();
    this.#inFlight = abort;
    const timeout = setTimeout(() => abort.abort(new Error(`no answer within ${this.check.timeoutMs} ms`)), this.check.timeoutMs);
    let ok = false;
    let message: string | null = null;
    try {
      const response = await this.target.dispatcher().request(this.#requestOptions(abort.signal));
      await response.body.dump();
      const [low, high] = this.check.expectedStatus;
      ok = response.statusCode >= low && response.statusCode <= high;
      if (!ok) message = `health check ${this.check.path} answered ${response.statusCode}, expected ${low}-${high}`;
    } catch (error) {
      message = `health check ${this.check.path} failed: ${abort.signal.aborted ? String(abort.signal.reason) : classifyUpstreamFailure(error).message}`;
    } finally {
      clearTimeout(timeout);
      this.#inFlight = undefined;
    }
    if (this.#stopped) return;
    this.target.health.recordCheck(ok, message, this.check);
    this.#schedule(this.check.intervalMs);
  }

  #requestOptions(signal: AbortSignal): Dispatcher.RequestOptions & { servername: string } {
    return {
      method: "GET",
      path: this.check.path,
      headers: { host: this.target.hostHeader, "user-agent": USER_AGENT },
      signal,
      headersTimeout: this.check.timeoutMs,
      bodyTimeout: this.check.timeoutMs,
      servername: this.target.servername,
    };
  }
}
