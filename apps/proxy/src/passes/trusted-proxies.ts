import { blockListHas, cidrBlockList } from "@gatehouse/shared/cidr-block-list";

/** Which peers may speak for earlier hops (their X-Forwarded-* is believed). Compiled once per snapshot. */
export interface TTrustedProxies {
  /** True when no CIDR is configured: the common case, decided without parsing any address. */
  readonly none: boolean;
  trusts(address: string | undefined): boolean;
}

// Peers repeat (keep-alive clients, a load balancer's few addresses), and an address check costs
// about 2 µs in BlockList; a bounded memo makes the per-request cost one Map lookup. Cleared, not
// evicted, when full: a scan of random addresses cannot grow it, only make it recompute.
const MEMO_LIMIT = 4096;

/** One CIDR matcher for the proxy and the web server (@gatehouse/shared/cidr-block-list); the memo is the proxy's hot-path addition. */
export function compileTrustedProxies(cidrs: readonly string[]): TTrustedProxies {
  if (cidrs.length === 0) return { none: true, trusts: () => false };
  const list = cidrBlockList(cidrs);
  const memo = new Map<string, boolean>();
  return {
    none: false,
    trusts(address) {
      if (address === undefined) return false;
      let trusted = memo.get(address);
      if (trusted === undefined) {
        trusted = blockListHas(list, address);
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(address, trusted);
      }
      return trusted;
    },
  };
}
