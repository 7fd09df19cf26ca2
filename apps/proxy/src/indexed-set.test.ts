import { describe, expect, it } from "vitest";
import { IndexedSet } from "./indexed-set.ts";

describe("IndexedSet", () => {
  it("adds once, deletes from anywhere, and keeps every other member findable", () => {
    const set = new IndexedSet<{ name: string }>();
    const [a, b, c, d] = ["a", "b", "c", "d"].map((name) => ({ name }));
    for (const member of [a!, b!, c!, d!, a!]) set.add(member);
    expect(set.size).toBe(4);
    set.delete(b!);
    set.delete(b!);
    expect(set.has(b!)).toBe(false);
    expect([a, c, d].map((member) => set.has(member!))).toEqual([true, true, true]);
    expect(set.snapshot().map((member) => member.name).sort()).toEqual(["a", "c", "d"]);
    set.delete(d!);
    set.delete(a!);
    expect(set.snapshot()).toEqual([c]);
    set.add(b!);
    expect(set.snapshot().map((member) => member.name).sort()).toEqual(["b", "c"]);
  });

  it("lets one object be a member of two sets, and forgets every member on clear", () => {
    const first = new IndexedSet<object>();
    const second = new IndexedSet<object>();
    const member = {};
    first.add(member);
    second.add(member);
    first.delete(member);
    expect([first.has(member), second.has(member)]).toEqual([false, true]);
    second.add({});
    second.clear();
    expect([second.size, second.has(member)]).toEqual([0, false]);
    second.add(member);
    expect(second.snapshot()).toEqual([member]);
  });

  it("hands out a snapshot that deleting during iteration does not disturb", () => {
    const set = new IndexedSet<{ id: number }>();
    const members = Array.from({ length: 5 }, (_, id) => ({ id }));
    for (const member of members) set.add(member);
    const seen: number[] = [];
    for (const member of set.snapshot()) {
      seen.push(member.id);
      set.delete(member);
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(set.size).toBe(0);
  });
});
