import type { TProxyConfig, TTargetHealthReport } from "@gatehouse/shared";
import type { TTlsIdentity } from "./tls/tls-identity.ts";

/**
 * The IPC protocol between the primary (config, health authority, reporting) and its serving
 * workers. Both ends are this codebase, started together from one binary, so the messages are
 * typed rather than parsed. Every type starts with "gh:" so prom-client's own cluster messages
 * (metrics aggregation) pass through untouched.
 */
export type TPrimaryMessage =
  /** Answer to "gh:ready": what to serve before listening. */
  /** `tls`: the node's default certificate and ticket keys, the same for every worker; null with HTTPS off. */
  | { type: "gh:init"; config: TProxyConfig | null; health: TTargetHealthReport[]; tls: TTlsIdentity | null }
  | { type: "gh:config"; config: TProxyConfig; health: TTargetHealthReport[] }
  /** The health authority's view; workers adopt it so they all eject the same targets. */
  | { type: "gh:health"; states: TTargetHealthReport[] }
  | { type: "gh:targets-request"; requestId: number }
  /** Stop accepting, finish in-flight requests within the grace period, exit 0. */
  | { type: "gh:drain" };

export type TWorkerMessage =
  | { type: "gh:ready" }
  | { type: "gh:listening"; port: number; httpsPort: number | null }
  | { type: "gh:listen-failed"; reason: string }
  | { type: "gh:applied"; revision: number }
  /** This worker's passive check ejected a target; the primary times the cool-off for everyone. */
  | { type: "gh:ejected"; upstreamId: string; url: string; lastError: string | null }
  /** This worker got an answer from a target (first since its start or its last ejection). */
  | { type: "gh:answered"; upstreamId: string; url: string }
  | { type: "gh:targets"; requestId: number; targets: TTargetHealthReport[] };

export function isGatehouseMessage<T extends { type: string }>(message: unknown): message is T {
  return typeof message === "object" && message !== null && String((message as { type?: unknown }).type).startsWith("gh:");
}
