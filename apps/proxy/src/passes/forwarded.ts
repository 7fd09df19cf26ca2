import type { TTrustedProxies } from "./trusted-proxies.ts";

/**
 * X-Forwarded-For after this hop: a trusted peer (a load balancer we were told about) speaks for
 * the hops before it, so its chain is kept and the peer appended; anyone else's claim about earlier
 * hops is discarded, or a client could choose the address a backend logs and rate-limits by.
 */
export function forwardedFor(incomingChain: string | undefined, peer: string, peerTrusted: boolean): string {
  return peerTrusted && incomingChain !== undefined ? `${incomingChain}, ${peer}` : peer;
}

/**
 * The client's address as X-Real-IP: behind trusted proxies it is the rightmost address in the chain
 * that is not one of them (each trusted proxy appended the peer it saw, so that entry was written by
 * someone we trust; everything left of it is the client's own claim). When every entry is trusted,
 * the leftmost is the best we know. From an untrusted peer it is the peer.
 */
export function realClientAddress(
  incomingChain: string | undefined,
  peer: string,
  peerTrusted: boolean,
  trustedProxies: TTrustedProxies,
): string {
  if (!peerTrusted || incomingChain === undefined) return peer;
  const hops = incomingChain.split(",");
  let candidate = peer;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i]!.trim();
    if (hop.length === 0) continue;
    candidate = hop;
    if (!trustedProxies.trusts(hop)) break;
  }
  return candidate;
}

/** The peer as written in forwarding headers: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4. */
export function peerAddress(remoteAddress: string | undefined): string | undefined {
  return remoteAddress !== undefined && remoteAddress.startsWith("::ffff:") && remoteAddress.includes(".")
    ? remoteAddress.slice(7)
    : remoteAddress;
}
