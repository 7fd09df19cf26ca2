import { describe, expect, it } from "vitest";
import { backoffDelay, configEndpoint } from "./config-client.ts";

describe("configEndpoint", () => {
  it("appends the config path, keeping a path prefix", () => {
    expect(configEndpoint("http://cp:3000").href).toBe("http://cp:3000/api/v1/proxy/config");
    expect(configEndpoint("https://cp.example.com/gatehouse/").href).toBe("https://cp.example.com/gatehouse/api/v1/proxy/config");
    expect(configEndpoint("https://cp.example.com/gatehouse").href).toBe("https://cp.example.com/gatehouse/api/v1/proxy/config");
  });
});

describe("backoffDelay", () => {
  const bounds = { minMs: 500, maxMs: 10_000 };

  it("stays within 0.5 s .. 10 s for any failure count and any jitter", () => {
    for (let failures = 1; failures <= 20; failures += 1) {
      for (const random of [() => 0, () => 0.5, () => 0.999]) {
        const delay = backoffDelay(failures, bounds, random);
        expect(delay).toBeGreaterThanOrEqual(500);
        expect(delay).toBeLessThanOrEqual(10_000);
      }
    }
  });

  it("doubles its ceiling per consecutive failure until the cap", () => {
    const highest = (failures: number) => backoffDelay(failures, bounds, () => 1);
    expect([1, 2, 3, 4, 5, 6, 7].map(highest)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffDelay(6, bounds, () => 0)).toBe(5000);
  });
});
