import { once } from "node:events";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { holdWritesUntilTurnEnd, whenWritten } from "./write-batching.ts";

/** Real TCP pairs on loopback: `ours` is written to, `peer` collects what arrives. */
const servers: Server[] = [];
const sockets: Socket[] = [];

async function pair(): Promise<{ ours: Socket; peer: Socket; received: () => string }> {
  const server = createServer();
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const accepted = once(server, "connection") as Promise<[Socket]>;
  const ours = connect((server.address() as AddressInfo).port, "127.0.0.1");
  await once(ours, "connect");
  const [peer] = await accepted;
  sockets.push(ours, peer);
  let text = "";
  peer.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
  return { ours, peer, received: () => text };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 2));
  expect(check()).toBe(true);
}

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) server.close();
});

describe("holdWritesUntilTurnEnd", () => {
  it("keeps a turn's writes to several sockets in Node until the turn ends, then sends each socket's in order", async () => {
    const a = await pair();
    const b = await pair();
    holdWritesUntilTurnEnd(a.ours);
    a.ours.write("GET /1 HTTP/1.1\r\n\r\n", "latin1");
    holdWritesUntilTurnEnd(b.ours);
    b.ours.write("one,", "latin1");
    // A second hold in the same turn changes nothing; a write by other code (node:http's) queues behind.
    holdWritesUntilTurnEnd(b.ours);
    b.ours.write(Buffer.from("two"));
    expect(a.ours.writableCorked).toBe(1);
    expect(a.ours.writableLength).toBeGreaterThan(0);
    expect(b.ours.writableLength).toBe(7);

    await nextTurn();
    expect(a.ours.writableCorked).toBe(0);
    expect(a.ours.writableLength).toBe(0);
    expect(b.ours.writableLength).toBe(0);
    await until(() => a.received() === "GET /1 HTTP/1.1\r\n\r\n" && b.received() === "one,two");
  });

  it("leaves a socket whose earlier bytes still wait for the kernel as it is", async () => {
    const { ours, peer, received } = await pair();
    peer.pause();
    // More than loopback's buffers take while the peer does not read: part of it stays in Node.
    const big = Buffer.alloc(32 * 1024 * 1024, "x");
    ours.write(big);
    expect(ours.writableLength).toBeGreaterThan(0);
    holdWritesUntilTurnEnd(ours);
    expect(ours.writableCorked).toBe(0);
    ours.write("end", "latin1");
    peer.resume();
    await until(() => received().length === big.length + 3);
    expect(received().endsWith("xend")).toBe(true);
  });

  it("releases a socket destroyed while held without an error, and the next turn holds afresh", async () => {
    const a = await pair();
    const b = await pair();
    holdWritesUntilTurnEnd(a.ours);
    a.ours.write("lost", "latin1");
    a.ours.destroy();
    holdWritesUntilTurnEnd(b.ours);
    b.ours.write("first", "latin1");
    await nextTurn();
    holdWritesUntilTurnEnd(b.ours);
    b.ours.write(" second", "latin1");
    expect(b.ours.writableCorked).toBe(1);
    await nextTurn();
    await until(() => b.received() === "first second");
    expect(a.received()).toBe("");
  });

  describe("whenWritten", () => {
    it("calls back on the next tick when nothing is queued", async () => {
      const { ours } = await pair();
      const calls: string[] = [];
      whenWritten(ours, (what) => calls.push(what), "done");
      expect(calls).toEqual([]);
      await new Promise((resolve) => process.nextTick(resolve));
      expect(calls).toEqual(["done"]);
    });

    it("calls back for a held socket only after the turn's release handed its bytes to the kernel", async () => {
      const { ours, received } = await pair();
      holdWritesUntilTurnEnd(ours);
      ours.write("held", "latin1");
      const seen: number[] = [];
      whenWritten(ours, (socket) => seen.push(socket.writableLength), ours);
      await new Promise((resolve) => process.nextTick(resolve));
      expect(seen).toEqual([]);
      await nextTurn();
      expect(seen).toEqual([0]);
      await until(() => received() === "held");
    });

    it("waits for a peer that does not read until the kernel took every byte, and never calls back for a destroyed socket", async () => {
      const slow = await pair();
      slow.peer.pause();
      holdWritesUntilTurnEnd(slow.ours);
      const big = Buffer.alloc(32 * 1024 * 1024, "y");
      slow.ours.write(big);
      let written = false;
      whenWritten(slow.ours, () => (written = true), undefined);
      const gone = await pair();
      holdWritesUntilTurnEnd(gone.ours);
      gone.ours.write("never", "latin1");
      let calledForGone = false;
      whenWritten(gone.ours, () => (calledForGone = true), undefined);
      gone.ours.destroy();
      await nextTurn();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(written).toBe(false);
      slow.peer.resume();
      await until(() => written);
      // Handed to the kernel, which may still hold the tail for the peer.
      await until(() => slow.received().length === big.length);
      expect(calledForGone).toBe(false);
    });
  });
});
