import { z } from "zod";

/**
 * How long and how much the edge waits for and accepts from clients. Process settings (environment),
 * not snapshot settings: they protect the node itself. Defaults are nginx's where nginx has one.
 */
export interface TEdgeLimits {
  /** Time to receive a request's whole header block, else 408 (nginx client_header_timeout 60 s). */
  headersTimeoutMs: number;
  /** Longest silence while a request body is arriving, else 408 (nginx client_body_timeout 60 s). */
  bodyIdleTimeoutMs: number;
  /** How long an idle keep-alive connection stays open (nginx keepalive_timeout 75 s). */
  keepAliveTimeoutMs: number;
  /** Header block size, else 431 (Node's 16 KiB default; nginx allows 4 x 8 KiB buffers). */
  maxHeaderBytes: number;
  /** Open connections per client address; the excess is answered 503 and closed. 0: no cap. */
  maxConnectionsPerIp: number;
  /** A WebSocket with no data either way for this long is closed on both sides (nginx proxy_read_timeout 60 s). */
  websocketIdleTimeoutMs: number;
}

export const DEFAULT_EDGE_LIMITS: Readonly<TEdgeLimits> = Object.freeze({
  headersTimeoutMs: 60_000,
  bodyIdleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 75_000,
  maxHeaderBytes: 16 * 1024,
  maxConnectionsPerIp: 256,
  websocketIdleTimeoutMs: 60_000,
});

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(3_600_000).default(fallback);

/** The environment variables that override the defaults, to merge into the proxy's env schema. */
export const ZEdgeLimitsEnv = z.object({
  GATEHOUSE_PROXY_HEADER_TIMEOUT_MS: milliseconds(DEFAULT_EDGE_LIMITS.headersTimeoutMs),
  GATEHOUSE_PROXY_BODY_IDLE_TIMEOUT_MS: milliseconds(DEFAULT_EDGE_LIMITS.bodyIdleTimeoutMs),
  GATEHOUSE_PROXY_KEEP_ALIVE_TIMEOUT_MS: milliseconds(DEFAULT_EDGE_LIMITS.keepAliveTimeoutMs),
  GATEHOUSE_PROXY_MAX_HEADER_BYTES: z.coerce.number().int().min(1024).max(1024 * 1024).default(DEFAULT_EDGE_LIMITS.maxHeaderBytes),
  GATEHOUSE_PROXY_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_EDGE_LIMITS.maxConnectionsPerIp),
  GATEHOUSE_PROXY_WEBSOCKET_IDLE_TIMEOUT_MS: milliseconds(DEFAULT_EDGE_LIMITS.websocketIdleTimeoutMs),
});

export function edgeLimitsFromEnv(vars: z.infer<typeof ZEdgeLimitsEnv>): TEdgeLimits {
  return {
    headersTimeoutMs: vars.GATEHOUSE_PROXY_HEADER_TIMEOUT_MS,
    bodyIdleTimeoutMs: vars.GATEHOUSE_PROXY_BODY_IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: vars.GATEHOUSE_PROXY_KEEP_ALIVE_TIMEOUT_MS,
    maxHeaderBytes: vars.GATEHOUSE_PROXY_MAX_HEADER_BYTES,
    maxConnectionsPerIp: vars.GATEHOUSE_PROXY_MAX_CONNECTIONS_PER_IP,
    websocketIdleTimeoutMs: vars.GATEHOUSE_PROXY_WEBSOCKET_IDLE_TIMEOUT_MS,
  };
}
