import type { Socket } from "node:net";
import { IndexedSet } from "./indexed-set.ts";

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
const held = new IndexedSet<Socket>();
/** Callbacks waiting for a held socket's bytes to reach the kernel, as parallel lists (no object per wait). */
let waitingSockets: Socket[] = [];
let waitingDone: Array<(arg: unknown) => void> = [];
let waitingArgs: unknown[] = [];

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

/**
 * Calls done(arg) once every byte queued on the socket so far has been handed to the kernel: at
 * once (next tick) when nothing is queued, after this turn's release when the socket is held,
 * otherwise when its queued writes complete. A socket destroyed before its held or queued bytes left
 * gets no call; one destroyed within the next tick still does, so done checks for that itself.
 */
export function whenWritten<T>(socket: Socket, done: (arg: T) => void, arg: T): void {
  if (socket.writableLength === 0) process.nextTick(done, arg);
  else if (held.has(socket)) {
    waitingSockets.push(socket);
    waitingDone.push(done as (arg: unknown) => void);
    waitingArgs.push(arg);
  } else afterQueuedWrites(socket, done, arg);
}

function afterQueuedWrites<T>(socket: Socket, done: (arg: T) => void, arg: T): void {
  socket.write(EMPTY, (error) => {
    if (error === undefined || error === null) done(arg);
  });
}

function releaseHeldWrites(): void {
  const sockets = held.snapshot();
  held.clear();
  for (const socket of sockets) socket.uncork();
  if (waitingSockets.length === 0) return;
  const waiting = waitingSockets;
  const done = waitingDone;
  const args = waitingArgs;
  waitingSockets = [];
  waitingDone = [];
  waitingArgs = [];
  for (let i = 0; i < waiting.length; i++) {
    const socket = waiting[i]!;
    if (socket.destroyed) continue;
    // A peer that reads slowly leaves bytes in Node after the uncork: those are waited for.
    if (socket.writableLength === 0) done[i]!(args[i]);
    else afterQueuedWrites(socket, done[i]!, args[i]);
  }
}

const EMPTY = Buffer.alloc(0);
