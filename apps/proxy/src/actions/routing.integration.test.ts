import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEchoBackend, type TEcho, type TTestBackend } from "../../test/backends.ts";
import { rawRequest } from "../../test/http-client.ts";
import { startSnapshotProxy, type TSnapshotProxy } from "../../test/snapshot-proxy.ts";
import type { TSnapshotInput } from "../../test/snapshots.ts";

describe("locations, actions and the default site", () => {
  let app: TTestBackend;
  let api: TTestBackend;
  let proxy: TSnapshotProxy;
  let config: TSnapshotInput;

  beforeAll(async () => {
    [app, api] = await Promise.all([startEchoBackend("app"), startEchoBackend("api")]);
    config = {
      upstreams: [
        { id: "app", name: "app", targets: [{ url: app.origin }] },
        { id: "api", name: "api", targets: [{ url: api.origin }] },
      ],
      hosts: [
        {
          id: "site",
          domains: ["site.test", "*.site.test"],
          locations: [
            { path: "/", action: { type: "proxy", upstreamId: "app" } },
            { path: "/api", action: { type: "proxy", upstreamId: "api", stripPrefix: true } },
            { path: "/api/raw", action: { type: "proxy", upstreamId: "api" } },
            { path: "/gone", action: { type: "respond", status: 410, body: "<h1>gone</h1>", contentType: "text/html" } },
            { path: "/empty", action: { type: "respond", status: 204 } },
            { path: "/old", action: { type: "redirect", status: 308, to: "https://new.test/", keepPath: true } },
            { path: "/home", action: { type: "redirect", status: 302, to: "https://new.test/start", keepPath: false } },
          ],
        },
        { id: "exact", domains: ["www.site.test"], locations: [{ path: "/", action: { type: "respond", status: 200, body: "exact wins" } }] },
        {
          id: "rewrite",
          domains: ["rewrite.test"],
          locations: [{ path: "/", action: { type: "proxy", upstreamId: "app" } }],
          options: { preserveHost: false },
        },
        { id: "narrow", domains: ["narrow.test"], locations: [{ path: "/only", action: { type: "respond", status: 200, body: "only" } }] },
      ],
    };
    proxy = await startSnapshotProxy(config);
  });
  afterAll(async () => {
    await proxy?.close();
    await Promise.all([app?.close(), api?.close()]);
  });

  const echo = async (host: string, path: string) => JSON.parse((await proxy.get(host, path)).body) as TEcho;

  it("routes by the longest matching location, on segment boundaries", async () => {
    expect(await echo("site.test", "/apix")).toMatchObject({ backend: "app", url: "/apix" });
    expect(await echo("site.test", "/api/users?id=7")).toMatchObject({ backend: "api", url: "/users?id=7" });
    expect(await echo("site.test", "/api")).toMatchObject({ backend: "api", url: "/" });
    expect(await echo("site.test", "/api/raw/x")).toMatchObject({ backend: "api", url: "/api/raw/x" });
  });

  it("serves wildcard domains after exact ones", async () => {
    expect(await echo("tenant.site.test", "/")).toMatchObject({ backend: "app", headers: { host: "tenant.site.test" } });
    expect((await proxy.get("www.site.test")).body).toBe("exact wins");
    expect((await proxy.get("a.b.site.test")).status).toBe(404);
  });

  it("answers a respond location with its fixed status, body and type", async () => {
    const gone = await proxy.get("site.test", "/gone/deeper");
    expect(gone).toMatchObject({ status: 410, body: "<h1>gone</h1>" });
    expect(gone.headers["content-type"]).toBe("text/html");
    const empty = await proxy.get("site.test", "/empty");
    expect(empty).toMatchObject({ status: 204, body: "" });
    expect(empty.headers["content-length"]).toBeUndefined();
  });

  it("redirects keeping the path and query, or to the fixed target", async () => {
    const kept = await proxy.get("site.test", "/old/page?q=1");
    expect(kept.status).toBe(308);
    expect(kept.headers.location).toBe("https://new.test/old/page?q=1");
    const fixed = await proxy.get("site.test", "/home/anything?q=1");
    expect(fixed.status).toBe(302);
    expect(fixed.headers.location).toBe("https://new.test/start");
  });

  it("sends the target's own host when the host does not preserve Host", async () => {
    expect((await echo("rewrite.test", "/")).headers.host).toBe(new URL(app.origin).host);
    expect((await echo("site.test", "/")).headers.host).toBe("site.test");
  });

  it("answers 404 when no location covers the path", async () => {
    const page = await proxy.get("narrow.test", "/elsewhere");
    expect(page.status).toBe(404);
    expect(page.body).toContain("narrow.test has nothing configured at this path");
  });

  it("serves the default site for unknown hosts: not-found, close, redirect", async () => {
    const notFound = await proxy.get("unknown.test", "/x");
    expect(notFound.status).toBe(404);
    expect(notFound.body).toContain("No site is configured for unknown.test");

    await proxy.apply({ ...config, settings: { defaultSite: { type: "close" } } });
    const answer = await rawRequest(proxy.proxy.node.port, "GET / HTTP/1.1\r\nHost: unknown.test\r\n\r\n");
    expect(answer).toBe("");

    await proxy.apply({ ...config, settings: { defaultSite: { type: "redirect", to: "https://www.example.com/", status: 301 } } });
    const moved = await proxy.get("unknown.test", "/x?y");
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe("https://www.example.com/");
    // Known hosts are unaffected.
    expect((await proxy.get("www.site.test")).body).toBe("exact wins");
  });
});
