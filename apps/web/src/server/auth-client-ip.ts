import { isIP } from "node:net";

/**
 * The header Gatehouse's auth route sets for better-auth's rate limiter (and strips from what clients
 * send), so the limiter counts the same client the audit log records.
 */
export const AUTH_CLIENT_IP_HEADER = "x-gatehouse-client-ip";

/**
 * The address to count sign-in attempts against: the client address clientIpOf resolved (the
 * rightmost X-Forwarded-For entry not from a trusted proxy, that chain being built by
 * apps/web/server.ts from the TCP peer), if it is one IP. better-auth on its own accepts only a
 * single-address header and otherwise puts every client in one shared bucket, which would let one
 * guesser lock everybody out of signing in.
 */
export function rateLimitAddress(clientIp: string | null): string | null {
  if (!clientIp) return null;
  const candidate = clientIp.trim().replace(/^\[(.*)\]$/, "$1");
  return isIP(candidate) ? candidate : null;
}
