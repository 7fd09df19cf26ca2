import { IndexedSet } from "../indexed-set.ts";

/**
 * Connection timeouts checked by one interval timer over every connection, as node:http checks its
 * header deadlines (connectionsCheckingInterval). A socket timer per connection and phase would
 * allocate a Timeout and a bound function on every request and reinsert it into the timer list; here
 * a request only writes a number. The price is precision: a deadline fires up to one interval late.
 */
export interface TDeadline {
  /** performance.now() after which expire() runs; Infinity while nothing is timed. */
  readonly deadline: number;
  expire(): void;
}

export class DeadlineSweep {
  // Connections come and go with requests when clients do not keep them alive: no Set (indexed-set.ts).
  readonly #items = new IndexedSet<TDeadline>();
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  add(item: TDeadline): void {
    this.#items.add(item);
    // Only while there is something to watch, and never what keeps the process alive.
    this.#timer ??= setInterval(() => this.#sweep(), this.#intervalMs).unref();
  }

  delete(item: TDeadline): void {
    this.#items.delete(item);
    if (this.#items.size === 0 && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  #sweep(): void {
    const now = performance.now();
    for (const item of this.#items.snapshot()) if (now > item.deadline) item.expire();
  }
}

/** node:http's choice for its header-deadline checks: a quarter of the limit, within [50 ms, 1 s]. */
export function sweepIntervalFor(timeoutMs: number): number {
  return Math.max(50, Math.min(1000, Math.floor(timeoutMs / 4)));
}
