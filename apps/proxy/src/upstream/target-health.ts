import type { TActiveHealthCheck, TPassiveHealth, TTargetHealthReport } from "@gatehouse/shared";

export type TTargetState = TTargetHealthReport["state"];

/** Long messages (a TLS chain dump, an HTML error page) would bloat every report; the contract caps at 500. */
const MAX_ERROR_LENGTH = 500;

/**
 * Everything the proxy knows about one target of one upstream: in-flight requests, passive failures,
 * active check results. Kept in the TargetRegistry, which outlives config swaps, so a swap that
 * keeps the target keeps its ejection, its counters and its check streaks (Caddy's hosts.go).
 *
 * `available` is a plain field read on every selection; it is only recomputed when something
 * changes, and a passive ejection ends by timer rather than by comparing clocks per request.
 */
export class TargetHealth {
  readonly upstreamId: string;
  readonly url: string;
  /** Requests sent to this target whose response has not finished yet. */
  inFlight = 0;
  #available = true;
  #state: TTargetState = "unknown";
  #changedAt: Date | null = null;
  #lastError: string | null = null;

  #passive: TPassiveHealth;
  /** Ring of the last `maxFails` failure times. */
  #failTimes: number[] = [];
  #failCursor = 0;
  #ejectedUntil = 0;
  #cooldownTimer: NodeJS.Timeout | undefined;
  /** A proxied request got a response since the last ejection. */
  #answered = false;

  #active: TTargetState = "unknown";
  #streak = 0;

  readonly #onChange: (health: TargetHealth) => void;

  constructor(upstreamId: string, url: string, passive: TPassiveHealth, onChange: (health: TargetHealth) => void) {
    this.upstreamId = upstreamId;
    this.url = url;
    this.#passive = passive;
    this.#onChange = onChange;
  }

  get available(): boolean {
    return this.#available;
  }

  get state(): TTargetState {
    return this.#state;
  }

  get lastError(): string | null {
    return this.#lastError;
  }

  /** A new snapshot may change the passive thresholds; a changed `maxFails` starts a fresh window. */
  configure(passive: TPassiveHealth): void {
    if (passive.maxFails !== this.#passive.maxFails) {
      this.#failTimes = [];
      this.#failCursor = 0;
    }
    this.#passive = passive;
  }

  /** The target answered a proxied request (any status: a 500 is still an answer). */
  recordAnswer(): void {
    if (this.#answered) return;
    this.#answered = true;
    this.#update();
  }

  /**
   * A proxied request failed to connect or timed out. `maxFails` of them within `windowMs` eject
   * the target for `cooldownMs` (nginx's max_fails/fail_timeout); 0 turns passive ejection off.
   */
  recordFailure(message: string, now = Date.now()): void {
    this.#lastError = message.slice(0, MAX_ERROR_LENGTH);
    const { maxFails, windowMs, cooldownMs } = this.#passive;
    if (maxFails === 0 || this.#ejectedUntil !== 0) return this.#update();
    this.#failTimes[this.#failCursor] = now;
    this.#failCursor = (this.#failCursor + 1) % maxFails;
    // After the write, the cursor points at the oldest of the last maxFails failures.
    const oldest = this.#failTimes[this.#failCursor];
    if (this.#failTimes.length === maxFails && oldest !== undefined && now - oldest <= windowMs) {
      this.#eject(now + cooldownMs, cooldownMs);
    }
    this.#update();
  }

  /**
   * One active check result. From "unknown" the first result decides; after that `fall`
   * consecutive failures take an up target down and `rise` consecutive successes bring it back.
   */
  recordCheck(ok: boolean, message: string | null, check: Pick<TActiveHealthCheck, "rise" | "fall">): void {
    if (!ok) this.#lastError = (message ?? "health check failed").slice(0, MAX_ERROR_LENGTH);
    const wanted: TTargetState = ok ? "up" : "down";
    if (this.#active === wanted) {
      this.#streak = 0;
    } else if (this.#active === "unknown") {
      this.#active = wanted;
      this.#streak = 0;
    } else {
      this.#streak += 1;
      if (this.#streak >= (ok ? check.rise : check.fall)) {
        this.#active = wanted;
        this.#streak = 0;
      }
    }
    this.#update();
  }

  /** The upstream no longer has an active check: its last verdict must not keep the target down. */
  clearActiveState(): void {
    this.#active = "unknown";
    this.#streak = 0;
    this.#update();
  }

  report(): TTargetHealthReport {
    return {
      upstreamId: this.upstreamId,
      url: this.url,
      state: this.#state,
      lastError: this.#lastError,
      inFlight: this.inFlight,
      changedAt: this.#changedAt?.toISOString() ?? null,
    };
  }

  /** The target left the config: no timer may keep the process alive or fire for it. */
  dispose(): void {
    clearTimeout(this.#cooldownTimer);
    this.#cooldownTimer = undefined;
  }

  #eject(until: number, cooldownMs: number): void {
    this.#ejectedUntil = until;
    this.#answered = false;
    this.#failTimes = [];
    this.#failCursor = 0;
    clearTimeout(this.#cooldownTimer);
    this.#cooldownTimer = setTimeout(() => {
      this.#cooldownTimer = undefined;
      this.#ejectedUntil = 0;
      this.#update();
    }, cooldownMs);
    this.#cooldownTimer.unref();
  }

  #update(): void {
    const ejected = this.#ejectedUntil !== 0;
    this.#available = !ejected && this.#active !== "down";
    let state: TTargetState;
    if (!this.#available) state = "down";
    else if (this.#active === "up" || this.#answered) state = "up";
    else state = "unknown";
    if (state === this.#state) return;
    this.#state = state;
    this.#changedAt = new Date();
    this.#onChange(this);
  }
}
