import { isIP } from "node:net";

/**
 * The header Gatehouse's auth route sets for better-auth's rate limiter (and strips from what clients
 * send), so the limiter counts the same client the audit log records.
 */
export const AUTH_CLIENT_IP_HEADER = "x-gatehouse-client-ip";

/**
 * One address to count attempts against, from the X-Forwarded-For chain clientIpOf reports: the
 * leftmost valid address, i.e. the original client as the first hop reported it. better-auth on its
 * own accepts only a single-address header and otherwise puts every client in one shared bucket,
 * which would let one guesser lock everybody behind a proxy out of signing in.
 */
export function rateLimitAddress(forwardedChain: string | null): string | null {
  if (!forwardedChain) return null;
  for (const part of forwardedChain.split(",")) {
    const candidate = part.trim().replace(/^\[(.*)\]$/, "$1");
    if (isIP(candidate)) return candidate;
  }
  return null;
}
