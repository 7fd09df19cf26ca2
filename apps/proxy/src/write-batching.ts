import type { Socket } from "node:net";

/**
 * The writes of one event-loop turn leave together: the first write to a socket in a turn corks
 * it, and every socket corked so is uncorked once the turn's I/O callbacks have all run
 * (setImmediate runs right after libuv's poll phase). A turn that read 30 requests then sends 30
 * upstream requests and 30 responses back to back, so the backend and the clients wake once per
 * batch instead of once per write (each wake of an idle peer costs an interrupt on its core).
 * Measured on the one-core bench: from ~16k to ~23k req/s, with both user and kernel time per
 * request down by a quarter. One request alone waits for nothing: its turn ends right after it.
 *
 * Order is the stream's own: a corked socket buffers every write, ours and node:http's alike.
 */
const held = new Set<Socket>();

/**
 * Holds this socket's writes until the end of the current turn. A socket that already has bytes
 * waiting for the kernel is left alone: its writes queue behind those anyway.
 */
export function holdWritesUntilTurnEnd(socket: Socket): void {
  if (held.has(socket) || socket.writableLength > 0) return;
  socket.cork();
  if (held.size === 0) setImmediate(releaseHeldWrites);
  held.add(socket);
}

/** Whether every byte the socket has queued was written in this turn (and leaves at its end). */
export function writesHeldUntilTurnEnd(socket: Socket): boolean {
  return held.has(socket);
}

function releaseHeldWrites(): void {
  const sockets = [...held];
  held.clear();
  for (const socket of sockets) socket.uncork();
}
