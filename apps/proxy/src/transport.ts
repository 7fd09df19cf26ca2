import type { Readable } from "node:stream";
import { Pool, type Dispatcher } from "undici";
import type { Logger } from "pino";
import { toFlatHeaderList, type THeaderFields } from "./passes/header-fields.ts";

/**
 * One keep-alive undici Pool per target origin. Pools outlive config swaps: a target that stays in
 * the new snapshot keeps its warm connections; a target that leaves it is closed, which lets its
 * in-flight requests finish first (undici's `close()` drains, `destroy()` would cut them).
 */
export class UpstreamPools {
  readonly #pools = new Map<string, Pool>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  /**
   * Called in the same tick as the route lookup that chose `origin`, so the origin is always in the
   * live table and `retainOnly` cannot have closed its pool in between.
   */
  get(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        // Shorter than the 5 s keep-alive of Node backends and most servers, so we never reuse a
        // connection the backend is about to close; undici also honours a Keep-Alive: timeout hint.
        keepAliveTimeout: 4_000,
        connect: { timeout: 10_000 },
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  retainOnly(origins: ReadonlySet<string>): void {
    for (const [origin, pool] of this.#pools) {
      if (origins.has(origin)) continue;
      this.#pools.delete(origin);
      pool.close().catch((error: unknown) => this.#logger.warn({ err: error, origin }, "closing upstream pool failed"));
      this.#logger.info({ origin }, "upstream pool closed: target left the config");
    }
  }

  async closeAll(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }
}

export interface TUpstreamRequest {
  method: string;
  path: string;
  /** Already through the request passes. */
  headers: THeaderFields;
  /** The client's body stream, or undefined when the request has none. */
  body: Readable | undefined;
  signal: AbortSignal;
}

/** Sends one request; resolves at the response head, the body stays a stream for the caller to pipe. */
export function sendUpstream(pool: Pool, request: TUpstreamRequest): Promise<Dispatcher.ResponseData> {
  return pool.request({
    method: request.method as Dispatcher.HttpMethod,
    path: request.path,
    // A flat list, because undici refuses an array value for `host` and this keeps repeats.
    headers: toFlatHeaderList(request.headers),
    body: request.body ?? null,
    signal: request.signal,
  });
}

