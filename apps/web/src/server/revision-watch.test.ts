import { describe, expect, it } from "vitest";
import { createRevisionWatch } from "./revision-watch.ts";

const LONG_WAIT_MS = 60_000; // longer than the test timeout: only a wake-up can end these waits

describe("createRevisionWatch", () => {
  it("answers at once when the revision is already past what the caller applied", async () => {
    const watch = createRevisionWatch(async () => 5);
    await expect(watch.waitForRevisionAbove(4, LONG_WAIT_MS, new AbortController().signal)).resolves.toBe(5);
  });

  it("wakes a waiter on notify() once the stored revision has moved", async () => {
    let revision = 3;
    const watch = createRevisionWatch(async () => revision, LONG_WAIT_MS);
    const waiting = watch.waitForRevisionAbove(3, LONG_WAIT_MS, new AbortController().signal);
    await new Promise((resolve) => setImmediate(resolve));
    revision = 4;
    watch.notify();
    await expect(waiting).resolves.toBe(4);
  });

  it("keeps waiting after a notify() that changed nothing", async () => {
    let revision = 3;
    const watch = createRevisionWatch(async () => revision, LONG_WAIT_MS);
    const waiting = watch.waitForRevisionAbove(3, LONG_WAIT_MS, new AbortController().signal);
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    watch.notify();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    revision = 7;
    watch.notify();
    await expect(waiting).resolves.toBe(7);
  });

  it("notices writes of other processes by polling", async () => {
    let revision = 1;
    const watch = createRevisionWatch(async () => revision, 5);
    const waiting = watch.waitForRevisionAbove(1, LONG_WAIT_MS, new AbortController().signal);
    revision = 2; // no notify(): only the poll can see this
    await expect(waiting).resolves.toBe(2);
  });

  it("returns the unchanged revision when the wait ends", async () => {
    const watch = createRevisionWatch(async () => 9, LONG_WAIT_MS);
    await expect(watch.waitForRevisionAbove(9, 10, new AbortController().signal)).resolves.toBe(9);
  });

  it("stops waiting when the client goes away", async () => {
    const watch = createRevisionWatch(async () => 2, LONG_WAIT_MS);
    const controller = new AbortController();
    const waiting = watch.waitForRevisionAbove(2, LONG_WAIT_MS, controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(waiting).resolves.toBe(2);
  });
});
