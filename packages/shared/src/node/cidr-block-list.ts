import { BlockList, isIPv4, isIPv6 } from "node:net";

// Node-only (node:net), so not part of the package's main entry, which the browser bundle also reads:
// imported as "@gatehouse/shared/cidr-block-list" by the proxy and the web server.

/**
 * A matcher for CIDRs the contract validated (ZCidr; a bare address is a single host). Node's
 * BlockList matches IPv4 rules against IPv4-mapped IPv6 addresses (`::ffff:10.0.0.1`) and the other
 * way round, which a hand-rolled matcher gets wrong easily.
 */
export function cidrBlockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split("/") as [string, string | undefined];
    const family = isIPv4(address) ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Whether `address` is in the list. A zone id (`fe80::1%eth0`) names the interface, not the address; a non-IP is never in it. */
export function blockListHas(list: BlockList, address: string): boolean {
  const zone = address.indexOf("%");
  const bare = zone === -1 ? address : address.slice(0, zone);
  if (isIPv4(bare)) return list.check(bare, "ipv4");
  if (isIPv6(bare)) return list.check(bare, "ipv6");
  return false;
}
