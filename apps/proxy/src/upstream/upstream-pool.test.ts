import { ZProxyUpstream } from "@gatehouse/shared";
import { afterAll, describe, expect, it } from "vitest";
import { captureLogs } from "../../test/log-capture.ts";
import { markDown, markUp } from "../../test/pool-targets.ts";
import { UpstreamRuntime } from "./upstream-runtime.ts";

const runtime = new UpstreamRuntime(captureLogs().logger);
afterAll(() => runtime.close());
const context = { clientAddress: "192.0.2.1", cookies: undefined };

describe("upstream pool", () => {
  it.each(["round-robin", "least-connections", "random-two", "ip-hash", "cookie"] as const)(
    "%s uses backups only while every primary is down",
    (policy) => {
      const upstream = ZProxyUpstream.parse({
        id: `u-${policy}`,
        name: "app",
        policy,
        targets: [{ url: "http://10.0.0.1" }, { url: "http://10.0.0.2" }, { url: "http://10.0.0.9", backup: true }],
      });
      const pool = runtime.compile([upstream]).get(upstream.id)!;
      const [a, b, backup] = pool.targets;
      const picked = () => new Set(Array.from({ length: 20 }, () => pool.select(context, undefined)?.url));
      expect(picked().has(backup!.url)).toBe(false);
      markDown(a!);
      expect(picked()).toEqual(new Set([b!.url]));
      markDown(b!);
      expect(picked()).toEqual(new Set([backup!.url]));
      markDown(backup!);
      expect(pool.select(context, undefined)).toBeUndefined();
      markUp(a!);
      expect(picked()).toEqual(new Set([a!.url]));
    },
  );
});
