import type { TProxyErrorCode } from "../errors.ts";

/** How a failed attempt to a target is handled: retried elsewhere, counted against the target, answered with which page. */
export interface TUpstreamFailure {
  /** Nothing reached the backend, or nothing it could act on: another target may take the request. */
  readonly retriable: boolean;
  /** Counts toward passive ejection (a closed pool during a swap is our doing, not the target's). */
  readonly targetsFault: boolean;
  readonly code: Extract<TProxyErrorCode, "UPSTREAM_UNREACHABLE" | "UPSTREAM_TIMEOUT">;
  /** For the log and the health report. */
  readonly message: string;
}

// Connection failures: the TCP or TLS handshake did not complete, so the request was never sent.
const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "ETIMEDOUT",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
]);
// The connection broke before any response byte: a keep-alive connection the backend had just
// closed, or a backend that died. Safe to resend only when no body byte went out (the caller checks).
const RESET_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

export function classifyUpstreamFailure(error: unknown): TUpstreamFailure {
  const code = errorCode(error);
  const message = describe(error, code);
  if (code === "UND_ERR_CONNECT_TIMEOUT") return { retriable: true, targetsFault: true, code: "UPSTREAM_TIMEOUT", message };
  if (code === "UND_ERR_HEADERS_TIMEOUT") return { retriable: false, targetsFault: true, code: "UPSTREAM_TIMEOUT", message };
  if (code === "UND_ERR_CLOSED" || code === "UND_ERR_DESTROYED") {
    return { retriable: true, targetsFault: false, code: "UPSTREAM_UNREACHABLE", message };
  }
  if (CONNECT_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_") || RESET_CODES.has(code)) {
    return { retriable: true, targetsFault: true, code: "UPSTREAM_UNREACHABLE", message };
  }
  return { retriable: false, targetsFault: true, code: "UPSTREAM_UNREACHABLE", message };
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") return error.code;
  return "";
}

function describe(error: unknown, code: string): string {
  const text = error instanceof Error ? error.message : String(error);
  return code !== "" && !text.includes(code) ? `${code}: ${text}` : text;
}
