import { once } from "node:events";
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { holdWritesUntilTurnEnd, writesHeldUntilTurnEnd } from "./write-batching.ts";

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
    expect(writesHeldUntilTurnEnd(a.ours)).toBe(true);
    expect(a.ours.writableLength).toBeGreaterThan(0);
    expect(b.ours.writableLength).toBe(7);

    await nextTurn();
    expect(writesHeldUntilTurnEnd(a.ours)).toBe(false);
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
    expect(writesHeldUntilTurnEnd(ours)).toBe(false);
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
    expect(writesHeldUntilTurnEnd(b.ours)).toBe(true);
    await nextTurn();
    await until(() => b.received() === "first second");
    expect(a.received()).toBe("");
  });
});
