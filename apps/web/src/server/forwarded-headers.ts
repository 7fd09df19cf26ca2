import type { IncomingHttpHeaders } from "node:http";
import { isIP, isIPv4 } from "node:net";
import { cidrProblem } from "@gatehouse/shared";
import { blockListHas, cidrBlockList } from "@gatehouse/shared/cidr-block-list";

// No `server-only` here: apps/web/server.ts (plain Node, before Next) and the app's server code both use it.

/** The peers whose X-Forwarded-* the web app believes (GATEHOUSE_WEB_TRUSTED_PROXIES). */
export interface TTrustedProxies {
  trusts(address: string): boolean;
}

export const NO_TRUSTED_PROXIES: TTrustedProxies = { trusts: () => false };

/**
 * GATEHOUSE_WEB_TRUSTED_PROXIES: comma-separated IP addresses or CIDRs, validated with the contract's
 * CIDR rule. Unset or empty trusts nobody. Throws one message listing every bad entry.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
  const entries = (value ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  const problems = entries.map(cidrProblem).filter((problem) => problem !== undefined);
  if (problems.length > 0) throw new Error(`GATEHOUSE_WEB_TRUSTED_PROXIES: ${problems.join(" ")}`);
  return entries;
}

export function compileTrustedProxies(cidrs: readonly string[]): TTrustedProxies {
  if (cidrs.length === 0) return NO_TRUSTED_PROXIES;
  const list = cidrBlockList(cidrs);
  return { trusts: (address) => blockListHas(list, bareAddress(address)) };
}

const TRUSTED_KEY = Symbol.for("gatehouse.web.trustedProxies");
type TTrustedHolder = { [TRUSTED_KEY]?: TTrustedProxies };

/**
 * This process's trusted proxies, read once from the environment. The same variable is read by
 * apps/web/server.ts before it listens (so a bad value stops the start), and by the app's server code
 * in the same process; the global makes that one parse.
 */
export function webTrustedProxies(): TTrustedProxies {
  const holder = globalThis as TTrustedHolder;
  return (holder[TRUSTED_KEY] ??= compileTrustedProxies(parseTrustedProxies(process.env.GATEHOUSE_WEB_TRUSTED_PROXIES)));
}

/** An entry as written in X-Forwarded-For: brackets (`[2001:db8::1]`) and a zone id (`%eth0`) removed. */
function bareAddress(entry: string): string {
  const unbracketed = entry.trim().replace(/^\[(.*)\]$/, "$1");
  const zone = unbracketed.indexOf("%");
  return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

/** The socket's peer as forwarding headers write it: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4. */
export function peerAddress(remoteAddress: string | undefined): string | undefined {
  if (remoteAddress === undefined) return undefined;
  return remoteAddress.toLowerCase().startsWith("::ffff:") && isIPv4(remoteAddress.slice(7)) ? remoteAddress.slice(7) : remoteAddress;
}

// What a client could say about how it reached us. Next reads X-Forwarded-Host (server actions'
// Origin check), -Proto and -Port; the others are removed so no later code can believe them by mistake.
const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"] as const;

/**
 * Rewrites a request's forwarding headers before Next sees them (Next itself only fills in
 * X-Forwarded-For when it is missing, and its server code cannot see the peer). A trusted peer
 * speaks for the hops before it: its chain is kept and the peer appended, and its X-Forwarded-Host/
 * Proto/Port stand. Anyone else's claims are dropped: X-Forwarded-For becomes the peer alone, and Next
 * fills Host/Proto/Port in from the request itself.
 */
export function rewriteForwardingHeaders(headers: IncomingHttpHeaders, remoteAddress: string | undefined, trusted: TTrustedProxies): void {
  const peer = peerAddress(remoteAddress);
  const sent = headers["x-forwarded-for"];
  const incoming = (Array.isArray(sent) ? sent.join(", ") : sent)?.trim();
  const peerTrusted = peer !== undefined && trusted.trusts(peer);
  if (!peerTrusted) {
    for (const name of FORWARDING_HEADERS) delete headers[name];
  }
  if (peer === undefined) delete headers["x-forwarded-for"];
  else headers["x-forwarded-for"] = peerTrusted && incoming ? `${incoming}, ${peer}` : peer;
}

/**
 * The client's address from an X-Forwarded-For chain built by rewriteForwardingHeaders: walking from
 * the right, each entry was appended by the hop to its right, and the first entry not in the trusted
 * set is the client (everything left of it is that client's own claim, which nobody we trust
 * vouched for). Should that entry not be an address at all (a trusted proxy passed on a client's
 * junk), the trusted hop that reported it is the best known; when every entry is trusted, the leftmost.
 */
export function clientAddressOf(forwardedChain: string | null | undefined, trusted: TTrustedProxies): string | null {
  if (!forwardedChain) return null;
  let best: string | null = null;
  const entries = forwardedChain.split(",");
  for (let i = entries.length - 1; i >= 0; i -= 1) {
    const entry = bareAddress(entries[i]!);
    if (entry.length === 0) continue;
    if (!isIP(entry)) return best;
    best = peerAddress(entry) ?? entry;
    if (!trusted.trusts(entry)) return best;
  }
  return best;
}
