import type { Socket } from "node:net";

const kOverLimit = Symbol("gatehouse.overConnectionLimit");
type TCappedSocket = Socket & { [kOverLimit]?: true };

export interface TConnectionCap {
  /** Counts a new connection; one over the cap is marked, not counted (see isOverLimit). */
  admit(socket: Socket): void;
  /** The connection's requests are to be answered 503 and the connection closed (like nginx limit_conn). */
  isOverLimit(socket: Socket): boolean;
}

/**
 * Caps open connections per client address, so one client cannot hold every socket (slowloris).
 * Peers for which `exempt` is true (trusted proxies: a load balancer carries many clients on its
 * few addresses) are not counted. The count is per process: with N workers a client may hold up to
 * N x max connections, depending on how the kernel spreads them.
 */
export function createConnectionCap(maxPerAddress: number, exempt: (address: string) => boolean): TConnectionCap {
  const open = new Map<string, number>();
  return {
    admit(socket) {
      const address = socket.remoteAddress;
      if (maxPerAddress === 0 || address === undefined || exempt(address)) return;
      const count = open.get(address) ?? 0;
      if (count >= maxPerAddress) {
        (socket as TCappedSocket)[kOverLimit] = true;
        return;
      }
      open.set(address, count + 1);
      socket.once("close", () => {
        const remaining = open.get(address)! - 1;
        if (remaining === 0) open.delete(address);
        else open.set(address, remaining);
      });
    },
    isOverLimit(socket) {
      return (socket as TCappedSocket)[kOverLimit] === true;
    },
  };
}
