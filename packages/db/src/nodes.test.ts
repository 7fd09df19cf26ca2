import { describe, expect, it } from "vitest";
import { liveState, type TNodeStatus } from "./nodes.ts";

function node(name: string, appliedRevision: number | null, connected: boolean): TNodeStatus {
  return { id: name, name, appliedRevision, lastSeenAt: connected ? new Date() : null, version: null, connected };
}

describe("liveState", () => {
  it("is no-proxy without a connected node, whatever disconnected nodes applied", () => {
    expect(liveState(3, [])).toBe("no-proxy");
    expect(liveState(3, [node("old", 9, false)])).toBe("no-proxy");
  });

  it("is live once every connected node applied the revision or a later one", () => {
    expect(liveState(3, [node("a", 3, true), node("b", 5, true), node("gone", 1, false)])).toBe("live");
  });

  it("is pending while a connected node is behind or has applied nothing yet", () => {
    expect(liveState(3, [node("a", 3, true), node("b", 2, true)])).toBe("pending");
    expect(liveState(0, [node("new", null, true)])).toBe("pending");
  });
});
