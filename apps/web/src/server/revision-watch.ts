/**
 * Wakes long-polling proxy nodes when the config revision moves past what they have applied.
 * Two signals: `notify()` from this process right after a routing write commits (immediate), and a
 * shared poll of the revision while anyone waits (catches writes made by other processes, such as a
 * second web replica or a CLI).
 */
export type TRevisionWatch = {
  /** Resolves with the current revision once it exceeds `applied`, or when time runs out or `signal` aborts. */
  waitForRevisionAbove(applied: number, timeoutMs: number, signal: AbortSignal): Promise<number>;
  notify(): void;
};

type TWaiter = { seen: number; wake: () => void };

export function createRevisionWatch(readRevision: () => Promise<number>, pollIntervalMs = 250): TRevisionWatch {
  const waiters = new Set<TWaiter>();
  let poller: NodeJS.Timeout | undefined;
  let polling = false;

  function wake(predicate: (waiter: TWaiter) => boolean): void {
    for (const waiter of waiters) if (predicate(waiter)) waiter.wake();
  }

  async function poll(): Promise<void> {
    if (polling) return; // a slow read must not stack up reads behind it
    polling = true;
    try {
      const revision = await readRevision();
      wake((waiter) => revision > waiter.seen);
    } catch (error) {
      console.error("Polling the config revision failed:", error);
    } finally {
      polling = false;
    }
  }

  function add(waiter: TWaiter): void {
    waiters.add(waiter);
    if (!poller) {
      poller = setInterval(() => void poll(), pollIntervalMs);
      poller.unref();
    }
  }

  function remove(waiter: TWaiter): void {
    waiters.delete(waiter);
    if (waiters.size === 0 && poller) {
      clearInterval(poller);
      poller = undefined;
    }
  }

  /** Waits for one wake-up (notify, poll, timeout or abort) for a caller that has seen `seen`. */
  function nextWake(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const waiter: TWaiter = { seen, wake: done };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done, { once: true });
      add(waiter);
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        remove(waiter);
        resolve();
      }
    });
  }

  return {
    async waitForRevisionAbove(applied, timeoutMs, signal) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const revision = await readRevision();
        const remaining = deadline - Date.now();
        if (revision > applied || remaining <= 0 || signal.aborted) return revision;
        // A write landing between the read above and the subscription below is still caught: the
        // waiter carries the revision it saw, and the poll wakes it when the stored one is higher.
        await nextWake(revision, remaining, signal);
      }
    },
    notify() {
      wake(() => true);
    },
  };
}
