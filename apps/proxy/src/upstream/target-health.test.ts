import { ZPassiveHealth } from "@gatehouse/shared";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TargetHealth } from "./target-health.ts";

function newHealth(passive: Partial<Parameters<typeof ZPassiveHealth.parse>[0]> = {}) {
  const changes: string[] = [];
  const health = new TargetHealth("u1", "http://t", ZPassiveHealth.parse(passive), (h) => changes.push(h.state));
  return { health, changes };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("passive health", () => {
  it("ejects after maxFails failures within the window, and takes the target back after the cooldown", () => {
    vi.useFakeTimers();
    const { health, changes } = newHealth({ maxFails: 3, windowMs: 1_000, cooldownMs: 5_000 });
    health.recordAnswer();
    health.recordFailure("ECONNREFUSED", 0);
    health.recordFailure("ECONNREFUSED", 100);
    expect(health.available).toBe(true);
    health.recordFailure("ECONNREFUSED: connect refused", 200);
    expect(health.available).toBe(false);
    expect(health.report()).toMatchObject({ state: "down", lastError: "ECONNREFUSED: connect refused" });
    vi.advanceTimersByTime(5_000);
    expect(health.available).toBe(true);
    // Nothing is known about it until it answers again.
    expect(health.state).toBe("unknown");
    health.recordAnswer();
    expect(changes).toEqual(["up", "down", "unknown", "up"]);
  });

  it("does not eject for failures spread wider than the window", () => {
    const { health } = newHealth({ maxFails: 2, windowMs: 1_000 });
    health.recordFailure("x", 0);
    health.recordFailure("x", 1_500);
    health.recordFailure("x", 3_000);
    expect(health.available).toBe(true);
    health.recordFailure("x", 3_500);
    expect(health.available).toBe(false);
    health.dispose();
  });

  it("never ejects with maxFails 0", () => {
    const { health } = newHealth({ maxFails: 0 });
    for (let i = 0; i < 10; i++) health.recordFailure("x", i);
    expect(health.available).toBe(true);
    expect(health.lastError).toBe("x");
  });
});

describe("active health", () => {
  const check = { rise: 2, fall: 3 };

  it("takes the first result as the state, then needs fall failures to go down and rise successes to come back", () => {
    const { health, changes } = newHealth();
    health.recordCheck(true, null, check);
    expect(health.state).toBe("up");
    health.recordCheck(false, "503", check);
    health.recordCheck(false, "503", check);
    expect(health.available).toBe(true);
    health.recordCheck(true, null, check);
    health.recordCheck(false, "503", check);
    health.recordCheck(false, "503", check);
    health.recordCheck(false, "answered 503", check);
    expect(health.available).toBe(false);
    expect(health.report()).toMatchObject({ state: "down", lastError: "answered 503" });
    health.recordCheck(true, null, check);
    expect(health.available).toBe(false);
    health.recordCheck(true, null, check);
    expect(health.available).toBe(true);
    expect(changes).toEqual(["up", "down", "up"]);
  });

  it("forgets its verdict when the check is removed from the config", () => {
    const { health } = newHealth();
    health.recordCheck(false, "refused", check);
    expect(health.available).toBe(false);
    health.clearActiveState();
    expect(health.available).toBe(true);
  });
});
