import type { TActor } from "@gatehouse/db";

// Longer than any real chain of a few hops; a client can send anything in this header.
const MAX_IP_LENGTH = 200;

/**
 * The client address as Next reports it to server code. `next start` (what `npm start` runs) sets
 * X-Forwarded-For to the TCP peer only when the request came without one (`??=` in Next's base
 * server), and offers no peer address otherwise: so this is the peer when Gatehouse is reached
 * directly, and whatever the request (or a proxy in front, such as a Gatehouse proxy node, which only
 * passes on what trusted peers sent) put there. Recorded as reported, the whole chain, not judged.
 */
export function clientIpOf(requestHeaders: Headers): string | null {
  const forwarded = requestHeaders.get("x-forwarded-for")?.trim();
  return forwarded ? forwarded.slice(0, MAX_IP_LENGTH) : null;
}

/** A signed-in user as the audit log records them: their name, or their email when they have none. */
export function userActor(user: { id: string; name: string; email: string }, ip: string | null): TActor {
  return { userId: user.id, tokenId: null, label: user.name.trim() || user.email, ip };
}
