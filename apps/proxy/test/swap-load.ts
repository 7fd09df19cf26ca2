import { setTimeout as sleep } from "node:timers/promises";
import { Client, Pool } from "undici";

// Long client-side keep-alive so that any closed connection is the proxy's doing.
const KEEP_OPEN = { keepAliveTimeout: 600_000, keepAliveMaxTimeout: 600_000 };

export interface TSwapLoadOptions {
  /** Busy keep-alive connections; twice as many request loops share them, so none sits idle. */
  connections: number;
  /** The run lasts at least this long... */
  seconds: number;
  /** ...and at least this many swaps, so a slow box lengthens the run instead of failing it. */
  minSwaps: number;
  /** Pause between swaps (0 = swap again as soon as the last one is applied). */
  swapIntervalMs: number;
  /** The host every loop (and the idle connection) asks for. */
  host: string;
  /** The revision already applied before the run; swaps publish the ones after it. */
  fromRevision: number;
  /** Publishes `revision` and resolves once the proxy reports it applied. */
  swap(revision: number): Promise<void>;
}

export interface TSwapLoadResult {
  /** The last revision published (and applied). */
  lastRevision: number;
  /** How many answers each backend gave the request loops. */
  answeredBy: Record<string, number>;
  /** Every failed request: an error, a non-200, or a body that is not an echo. */
  failures: string[];
  /** The backend that answered the idle connection before and after the run. */
  idleBefore: string;
  idleAfter: string;
  /** Connects and disconnects seen by the clients; the idle client's must stay at one and zero. */
  connections: { opened: number; closed: number; idleOpened: number; idleClosed: number };
}

/** GET / for `host`; resolves with the echo backend's name, rejects on anything but a 200. */
async function backendOf(client: Pool | Client, host: string): Promise<string> {
  const response = await client.request({ path: "/", method: "GET", headers: { host } });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${text.slice(0, 200)}`);
  return (JSON.parse(text) as { backend: string }).backend;
}

/**
 * Config swaps under load against a running proxy: keep-alive request loops hammer `host` while
 * `swap` publishes revision after revision, and one connection opened before the run sits idle
 * throughout and is used again at the end (undici Client, one socket: a reconnect would count).
 */
export async function runSwapLoad(proxyUrl: string, options: TSwapLoadOptions): Promise<TSwapLoadResult> {
  const busy = new Pool(proxyUrl, { connections: options.connections, ...KEEP_OPEN });
  const idle = new Client(proxyUrl, { pipelining: 1, ...KEEP_OPEN });
  const connections = { opened: 0, closed: 0, idleOpened: 0, idleClosed: 0 };
  busy.on("connect", () => (connections.opened += 1));
  busy.on("disconnect", () => (connections.closed += 1));
  idle.on("connect", () => (connections.idleOpened += 1));
  idle.on("disconnect", () => (connections.idleClosed += 1));
  const answeredBy: Record<string, number> = {};
  const failures: string[] = [];
  try {
    const idleBefore = await backendOf(idle, options.host);
    const deadline = Date.now() + options.seconds * 1000;
    let lastRevision = options.fromRevision;
    let swapping = true;
    const swapper = (async () => {
      try {
        while (Date.now() < deadline || lastRevision - options.fromRevision < options.minSwaps) {
          await Promise.all([options.swap(lastRevision + 1), sleep(options.swapIntervalMs)]);
          lastRevision += 1;
        }
      } finally {
        // A failed swap must stop the loops too, or the run never ends.
        swapping = false;
      }
    })();
    const loops = Array.from({ length: options.connections * 2 }, async () => {
      while (swapping) {
        try {
          const backend = await backendOf(busy, options.host);
          answeredBy[backend] = (answeredBy[backend] ?? 0) + 1;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    });
    await Promise.all([swapper, ...loops]);
    const idleAfter = await backendOf(idle, options.host);
    // A copy: closing the clients below fires disconnects that are ours, not the proxy's.
    return { lastRevision, answeredBy, failures, idleBefore, idleAfter, connections: { ...connections } };
  } finally {
    await Promise.all([busy.close(), idle.close()]);
  }
}
