import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { LineBatcher } from "./line-batcher.ts";

/** A stream that records each write; `stalled` ones never complete, like a stuck disk. */
function recorder(stalled = false) {
  const writes: string[] = [];
  const stream = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      if (!stalled) done();
    },
  });
  return { stream, writes };
}

const options = { batchChars: 10, flushEveryMs: 20, maxQueuedBytes: 1_000_000, onDrop: () => {} };

describe("LineBatcher", () => {
  it("hands lines over in whole-line batches once a batch is full", async () => {
    const { stream, writes } = recorder();
    const batcher = new LineBatcher(stream, { ...options, flushEveryMs: 60_000 });
    for (const line of ["aaaa\n", "bbbb\n", "cc\n"]) batcher.write(line);
    expect(writes).toEqual(["aaaa\nbbbb\n"]);
    await batcher.flush();
    expect(writes).toEqual(["aaaa\nbbbb\n", "cc\n"]);
    await batcher.close(true);
    expect(stream.writableFinished).toBe(true);
  });

  it("writes a lone line within the flush interval when traffic is low", async () => {
    const { stream, writes } = recorder();
    const batcher = new LineBatcher(stream, options);
    batcher.write("x\n");
    await expect.poll(() => writes).toEqual(["x\n"]);
    await batcher.close(false);
    expect(stream.writable).toBe(true);
  });

  it("drops lines instead of queueing without bound while the stream is stuck, and says so once", async () => {
    const { stream, writes } = recorder(true);
    const drops: number[] = [];
    const batcher = new LineBatcher(stream, { ...options, maxQueuedBytes: 15, onDrop: (queued) => drops.push(queued) });
    for (let i = 0; i < 6; i += 1) batcher.write("0123456789\n");
    // The first batch is in the stream's hands (stalled), the second waits queued; then it is full.
    expect(writes).toEqual(["0123456789\n"]);
    expect(stream.writableLength).toBe(22);
    expect(drops).toEqual([22]);
    await batcher.close(false, 10);
  });

  it("does not wait for a stuck stream longer than it is told when closing", async () => {
    const { stream } = recorder(true);
    const batcher = new LineBatcher(stream, options);
    batcher.write("line\n");
    await batcher.close(true, 50);
    expect(stream.writableFinished).toBe(false);
  });
});
