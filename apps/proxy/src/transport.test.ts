import { describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { dispatcherKey, requestServername, UpstreamDispatchers, type TConnectOptions } from "./transport.ts";

const plain: TConnectOptions = { connectMs: 5_000, verify: true, serverName: undefined };

describe("UpstreamDispatchers", () => {
  it("reuses one pool per origin and connection options, and closes the ones a new table no longer uses", async () => {
    const logs = captureLogs();
    const dispatchers = new UpstreamDispatchers(logs.logger);
    const a = dispatchers.get("https://10.0.0.1:8443", plain);
    expect(dispatchers.get("https://10.0.0.1:8443", { ...plain })).toBe(a);
    const unverified = dispatchers.get("https://10.0.0.1:8443", { ...plain, verify: false });
    expect(unverified).not.toBe(a);
    dispatchers.retainOnly(new Set([dispatcherKey("https://10.0.0.1:8443", plain)]));
    expect(unverified.closed).toBe(true);
    expect(a.closed).toBe(false);
    expect(logs.find("upstream pool closed: target left the config")).toHaveLength(1);
    await dispatchers.closeAll();
    expect(a.closed).toBe(true);
  });

  it("keys plain-HTTP pools without TLS options, which do not apply to them", () => {
    expect(dispatcherKey("http://10.0.0.1:80", plain)).toBe(dispatcherKey("http://10.0.0.1:80", { ...plain, verify: false, serverName: "x" }));
  });

  it("names the TLS server by the configured name, else by the target's host", () => {
    expect(requestServername("https://api.internal:8443", plain)).toBe("api.internal");
    expect(requestServername("https://10.0.0.1:8443", { ...plain, serverName: "api.example.com" })).toBe("api.example.com");
  });
});
