import { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createConnectionCap } from "./connection-cap.ts";

function fakeSocket(remoteAddress: string): Socket & EventEmitter {
  return Object.assign(new EventEmitter(), { remoteAddress }) as unknown as Socket & EventEmitter;
}

describe("createConnectionCap", () => {
  it("marks connections over the cap per address and frees a slot when one closes", () => {
    const cap = createConnectionCap(2, () => false);
    const [a1, a2, a3, b1] = [fakeSocket("192.0.2.1"), fakeSocket("192.0.2.1"), fakeSocket("192.0.2.1"), fakeSocket("192.0.2.2")];
    for (const socket of [a1, a2, a3, b1]) cap.admit(socket);
    expect([a1, a2, a3, b1].map((socket) => cap.isOverLimit(socket))).toEqual([false, false, true, false]);
    a1.emit("close");
    const a4 = fakeSocket("192.0.2.1");
    cap.admit(a4);
    expect(cap.isOverLimit(a4)).toBe(false);
    // The marked connection never held a slot, so its close frees nothing.
    a3.emit("close");
    const a5 = fakeSocket("192.0.2.1");
    cap.admit(a5);
    expect(cap.isOverLimit(a5)).toBe(true);
  });

  it("does not count exempt peers, and 0 means no cap", () => {
    const exempting = createConnectionCap(1, (address) => address === "10.0.0.1");
    const lb = [fakeSocket("10.0.0.1"), fakeSocket("10.0.0.1")];
    for (const socket of lb) exempting.admit(socket);
    expect(lb.some((socket) => exempting.isOverLimit(socket))).toBe(false);
    const uncapped = createConnectionCap(0, () => false);
    const many = Array.from({ length: 5 }, () => fakeSocket("192.0.2.1"));
    for (const socket of many) uncapped.admit(socket);
    expect(many.some((socket) => uncapped.isOverLimit(socket))).toBe(false);
  });
});
