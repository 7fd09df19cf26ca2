import { BlockList, isIPv4, isIPv6 } from "node:net";

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

/**
 * Node's BlockList matches IPv4 rules against IPv4-mapped IPv6 peers (`::ffff:10.0.0.1`) and the
 * other way round, which a hand-rolled matcher gets wrong easily. CIDRs were validated by the
 * contract (ZCidr); a bare address is a single host.
 */
export function compileTrustedProxies(cidrs: readonly string[]): TTrustedProxies {
  if (cidrs.length === 0) return { none: true, trusts: () => false };
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split("/") as [string, string | undefined];
    const family = isIPv4(address) ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  const memo = new Map<string, boolean>();
  return {
    none: false,
    trusts(address) {
      if (address === undefined) return false;
      let trusted = memo.get(address);
      if (trusted === undefined) {
        trusted = checkAddress(list, address);
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(address, trusted);
      }
      return trusted;
    },
  };
}

function checkAddress(list: BlockList, address: string): boolean {
  // A zone id (`fe80::1%eth0`) names the interface, not the address.
  const zone = address.indexOf("%");
  const bare = zone === -1 ? address : address.slice(0, zone);
  if (isIPv4(bare)) return list.check(bare, "ipv4");
  if (isIPv6(bare)) return list.check(bare, "ipv6");
  return false;
}
