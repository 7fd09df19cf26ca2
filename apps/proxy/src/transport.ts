import { isIP } from "node:net";
import type { TProxyUpstream } from "@gatehouse/shared";
import type { Logger } from "pino";
import { buildConnector, Pool } from "undici";
import { Http1Pool } from "./upstream/http1-pool.ts";

// Shorter than the 5 s keep-alive of Node backends and most servers, so we never reuse a connection
// the backend is about to close; undici also honours a Keep-Alive: timeout hint.
const KEEP_ALIVE_TIMEOUT_MS = 4_000;

/** How one upstream connects to its targets: everything that must match for two upstreams to share a pool. */
export interface TConnectOptions {
  readonly connectMs: number;
  readonly verify: boolean;
  readonly serverName: string | undefined;
}

export function connectOptionsOf(upstream: TProxyUpstream): TConnectOptions {
  return { connectMs: upstream.timeouts.connectMs, verify: upstream.tls.verify, serverName: upstream.tls.serverName };
}

export function dispatcherKey(origin: string, options: TConnectOptions): string {
  if (origin.startsWith("http:")) return `${origin} ${options.connectMs}`;
  return `${origin} ${options.connectMs} ${options.verify ? "verify" : "no-verify"} ${options.serverName ?? ""}`;
}

/**
 * The name undici compares on every request to decide whether a TLS connection can be reused. Left
 * to itself it derives it from each request's Host header, so with a preserved Host every new
 * client name would tear down the pool's connections; we pass one constant per target instead.
 */
export function requestServername(origin: string, options: TConnectOptions): string {
  return options.serverName ?? new URL(origin).hostname;
}

/**
 * One keep-alive undici Pool per target origin and connection options, and for plain-HTTP origins
 * also an Http1Pool (body-less requests, see http1-pool.ts) under the same key. Pools outlive config swaps:
 * a target that stays in the new snapshot with the same options keeps its warm connections; one
 * that leaves is closed, which lets its in-flight requests finish first (`close()` drains,
 * `destroy()` would cut them).
 */
export class UpstreamDispatchers {
  readonly #pools = new Map<string, Pool>();
  readonly #http1Pools = new Map<string, Http1Pool>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  get(origin: string, options: TConnectOptions): Pool {
    const key = dispatcherKey(origin, options);
    let pool = this.#pools.get(key);
    if (pool === undefined || pool.closed || pool.destroyed) {
      pool = new Pool(origin, { keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS, connect: connectorFor(origin, options) });
      this.#pools.set(key, pool);
    }
    return pool;
  }

  /** The plain-HTTP pool of an `http:` origin. */
  http1(origin: string, options: TConnectOptions): Http1Pool {
    const key = dispatcherKey(origin, options);
    let pool = this.#http1Pools.get(key);
    if (pool === undefined || pool.closed) {
      pool = new Http1Pool(origin, { connectMs: options.connectMs, keepAliveMs: KEEP_ALIVE_TIMEOUT_MS });
      this.#http1Pools.set(key, pool);
    }
    return pool;
  }

  retainOnly(keys: ReadonlySet<string>): void {
    const gone = new Set<string>();
    for (const key of [...this.#pools.keys(), ...this.#http1Pools.keys()]) if (!keys.has(key)) gone.add(key);
    for (const key of gone) {
      const origin = key.slice(0, key.indexOf(" "));
      const pools = [this.#pools.get(key), this.#http1Pools.get(key)];
      this.#pools.delete(key);
      this.#http1Pools.delete(key);
      for (const pool of pools) {
        pool?.close().catch((error: unknown) => this.#logger.warn({ err: error, origin, pool: key }, "closing upstream pool failed"));
      }
      this.#logger.info({ origin, pool: key }, "upstream pool closed: target left the config");
    }
  }

  async closeAll(): Promise<void> {
    const pools = [...this.#pools.values(), ...this.#http1Pools.values()];
    this.#pools.clear();
    this.#http1Pools.clear();
    await Promise.allSettled(pools.map((pool) => pool.close()));
  }
}

function connectorFor(origin: string, options: TConnectOptions): Pool.Options["connect"] {
  if (origin.startsWith("http:")) return { timeout: options.connectMs };
  const hostname = new URL(origin).hostname;
  // SNI carries a name, never an address (RFC 6066 §3); verification then checks the address itself.
  const sni = options.serverName ?? (isIP(hostname.replace(/^\[|\]$/g, "")) === 0 ? hostname : undefined);
  const connect = buildConnector({ timeout: options.connectMs, rejectUnauthorized: options.verify });
  // The request-level servername (see requestServername) would otherwise win over our SNI choice.
  return (connectOptions, callback) => connect({ ...connectOptions, servername: sni }, callback);
}
