import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogs } from "../test/log-capture.ts";
import { createNodeMetrics, METRICS_BIND, RequestMetrics, singleProcessMetrics, startMetricsServer, type TMetricsServer } from "./metrics.ts";

describe("metrics", () => {
  const servers: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it("counts requests by host and status class, and times them", async () => {
    const metrics = new RequestMetrics();
    metrics.observe("a.test", 200, 0.002);
    metrics.observe("a.test", 204, 0.004);
    metrics.observe("a.test", 502, 0.1);
    metrics.observe(undefined, 404, 0.0001);
    const text = await metrics.registry.metrics();
    expect(text).toContain('gatehouse_proxy_requests_total{host="a.test",status_class="2xx"} 2');
    expect(text).toContain('gatehouse_proxy_requests_total{host="a.test",status_class="5xx"} 1');
    expect(text).toContain('gatehouse_proxy_requests_total{host="_unmatched",status_class="4xx"} 1');
    expect(text).toContain('gatehouse_proxy_request_duration_seconds_bucket{le="0.005"} 3');
    expect(text).toContain("gatehouse_proxy_request_duration_seconds_count 4");
  });

  it("shows the applied revision and each target's health and in-flight requests", async () => {
    let revision: number | undefined;
    const node = createNodeMetrics({
      appliedRevision: () => revision,
      targetHealth: () => [
        { upstreamId: "u1", url: "http://10.0.0.1:80", state: "up", lastError: null, inFlight: 3, changedAt: null },
        { upstreamId: "u1", url: "http://10.0.0.2:80", state: "down", lastError: "refused", inFlight: 0, changedAt: null },
        { upstreamId: "u2", url: "http://10.0.0.3:80", state: "unknown", lastError: null, inFlight: 0, changedAt: null },
      ],
    });
    expect(await node.metrics()).toMatch(/^gatehouse_proxy_config_revision -1$/m);
    revision = 42;
    const text = await node.metrics();
    expect(text).toMatch(/^gatehouse_proxy_config_revision 42$/m);
    expect(text).toContain('gatehouse_proxy_upstream_target_up{upstream="u1",target="http://10.0.0.1:80"} 1');
    expect(text).toContain('gatehouse_proxy_upstream_target_up{upstream="u1",target="http://10.0.0.2:80"} 0');
    expect(text).not.toContain('gatehouse_proxy_upstream_target_up{upstream="u2"');
    expect(text).toContain('gatehouse_proxy_upstream_target_in_flight{upstream="u1",target="http://10.0.0.1:80"} 3');
  });

  it("serves /metrics on loopback only, and 404 elsewhere", async () => {
    const requests = new RequestMetrics();
    requests.observe("a.test", 200, 0.01);
    const source = singleProcessMetrics(requests, createNodeMetrics({ appliedRevision: () => 7, targetHealth: () => [] }));
    const server = (await startMetricsServer(0, source, captureLogs().logger))!;
    servers.push(server);
    const response = await request(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    const text = await response.body.text();
    expect(text).toContain('gatehouse_proxy_requests_total{host="a.test",status_class="2xx"} 1');
    expect(text).toMatch(/^gatehouse_proxy_config_revision 7$/m);
    expect((await request(`http://127.0.0.1:${server.port}/`)).statusCode).toBe(404);
    expect(METRICS_BIND).toBe("127.0.0.1");
  });

  it("logs and skips a port it cannot bind instead of failing the proxy", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, METRICS_BIND, resolve));
    servers.push({ close: () => new Promise<void>((resolve) => blocker.close(() => resolve())) });
    const logs = captureLogs();
    const taken = (blocker.address() as AddressInfo).port;
    const server: TMetricsServer | undefined = await startMetricsServer(taken, async () => "", logs.logger);
    expect(server).toBeUndefined();
    expect(logs.find("metrics endpoint not started: serving without it")).toMatchObject([{ port: taken }]);
  });
});
