import type { Writable } from "node:stream";

export interface TLineBatcherOptions {
  /** A batch is handed to the stream once it holds this many characters. */
  batchChars: number;
  /** Lines wait at most this long when traffic is low. */
  flushEveryMs: number;
  /** Past this many bytes queued in the stream (a stuck disk or reader), lines are dropped, not queued. */
  maxQueuedBytes: number;
  /** Called once per run of dropped lines. */
  onDrop: (queuedBytes: number) => void;
}

/**
 * A pino destination that hands lines to a stream in batches: the hot path appends a string to an
 * array, and one write per batch leaves the process. pino's own destination (sonic-boom) measures
 * its pending buffer in bytes on every line, which made large batches cost more per line than the
 * writes they saved (profiled: 4 KiB batches 6.5 µs a line, 64 KiB ones 10.9 µs).
 */
export class LineBatcher {
  readonly #out: Writable;
  readonly #options: TLineBatcherOptions;
  #lines: string[] = [];
  #chars = 0;
  #dropping = false;
  readonly #timer: NodeJS.Timeout;

  constructor(out: Writable, options: TLineBatcherOptions) {
    this.#out = out;
    this.#options = options;
    this.#timer = setInterval(() => this.#handOver(), options.flushEveryMs);
    this.#timer.unref();
  }

  /** pino's destination interface. */
  write(line: string): boolean {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.#options.batchChars) this.#handOver();
    return true;
  }

  /** Hands over what is pending and resolves once the stream has written it. */
  flush(): Promise<void> {
    this.#handOver();
    if (this.#out.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => this.#out.write("", () => resolve()));
  }

  /**
   * Flushes and stops the timer; ends the stream when it is ours (a file), never stdout. Waits at
   * most `waitMs` for the writes: a stuck disk must not keep a stopping proxy alive.
   */
  async close(endStream: boolean, waitMs = 2_000): Promise<void> {
    clearInterval(this.#timer);
    const written = this.flush().then(() => (endStream ? new Promise<void>((resolve) => this.#out.end(resolve)) : undefined));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([written, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
  }

  #handOver(): void {
    if (this.#lines.length === 0) return;
    const batch = this.#lines.join("");
    this.#lines = [];
    this.#chars = 0;
    const queued = this.#out.writableLength;
    if (queued > this.#options.maxQueuedBytes) {
      if (!this.#dropping) this.#options.onDrop(queued);
      this.#dropping = true;
      return;
    }
    this.#dropping = false;
    this.#out.write(batch);
  }
}
