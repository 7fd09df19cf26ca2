import { describe, expect, it } from "vitest";
import { DEFAULT_EDGE_LIMITS, edgeLimitsFromEnv, ZEdgeLimitsEnv } from "./edge-limits.ts";

describe("edge limits from the environment", () => {
  it("defaults to nginx-strength values", () => {
    expect(edgeLimitsFromEnv(ZEdgeLimitsEnv.parse({}))).toEqual(DEFAULT_EDGE_LIMITS);
    expect(DEFAULT_EDGE_LIMITS).toMatchObject({ headersTimeoutMs: 60_000, bodyIdleTimeoutMs: 60_000, keepAliveTimeoutMs: 75_000 });
  });

  it("takes overrides and refuses nonsense", () => {
    const limits = edgeLimitsFromEnv(
      ZEdgeLimitsEnv.parse({ GATEHOUSE_PROXY_HEADER_TIMEOUT_MS: "5000", GATEHOUSE_PROXY_MAX_CONNECTIONS_PER_IP: "0" }),
    );
    expect(limits).toMatchObject({ headersTimeoutMs: 5000, maxConnectionsPerIp: 0 });
    expect(ZEdgeLimitsEnv.safeParse({ GATEHOUSE_PROXY_BODY_IDLE_TIMEOUT_MS: "0" }).success).toBe(false);
    expect(ZEdgeLimitsEnv.safeParse({ GATEHOUSE_PROXY_MAX_HEADER_BYTES: "lots" }).success).toBe(false);
  });
});
