import type { TActor } from "@gatehouse/db";
import { clientAddressOf, webTrustedProxies, type TTrustedProxies } from "./forwarded-headers.ts";

/**
 * The client's address, one IP (or null when the request carries none). X-Forwarded-For is built by
 * apps/web/server.ts from the TCP peer (a client's own value only survives behind a proxy listed in
 * GATEHOUSE_WEB_TRUSTED_PROXIES), so the client is its rightmost entry not in that list; see
 * clientAddressOf. The audit log records it, and sign-in throttling counts attempts against it.
 */
export function clientIpOf(requestHeaders: Headers, trusted: TTrustedProxies = webTrustedProxies()): string | null {
  return clientAddressOf(requestHeaders.get("x-forwarded-for"), trusted);
}

/** A signed-in user as the audit log records them: their name, or their email when they have none. */
export function userActor(user: { id: string; name: string; email: string }, ip: string | null): TActor {
  return { userId: user.id, tokenId: null, label: user.name.trim() || user.email, ip };
}
