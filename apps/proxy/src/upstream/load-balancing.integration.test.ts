import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type TTestBackend } from "../../test/backends.ts";
import { proxyHost, startSnapshotProxy, type TSnapshotProxy } from "../../test/snapshot-proxy.ts";
import type { TSnapshotInput } from "../../test/snapshots.ts";

/** A backend that answers with its name; `hold` parks requests until `release`. */
interface TNamedBackend extends TTestBackend {
  readonly name: string;
  hold: boolean;
  readonly held: ServerResponse[];
  release(): void;
  /** Resolves when the next request arrives. */
  nextArrival(): Promise<IncomingMessage>;
}

async function startNamed(name: string): Promise<TNamedBackend> {
  const arrivals: Array<(req: IncomingMessage) => void> = [];
  const held: ServerResponse[] = [];
  let named!: TNamedBackend;
  const backend = await startBackend((req, res) => {
    for (const arrived of arrivals.splice(0)) arrived(req);
    if (named.hold) held.push(res);
    else res.end(name);
  });
  named = Object.assign(backend, {
    name,
    hold: false,
    held,
    release() {
      named.hold = false;
      for (const res of held.splice(0)) res.end(name);
    },
    nextArrival: () => new Promise<IncomingMessage>((resolve) => arrivals.push(resolve)),
  });
  return named;
}

function upstreamOf(policy: string, targets: Array<{ url: string; weight?: number; backup?: boolean }>, extra: object = {}) {
  return { id: "u", name: "app", policy, targets, ...extra } as TSnapshotInput["upstreams"][number];
}

describe("load balancing through the proxy", () => {
  let a: TNamedBackend;
  let b: TNamedBackend;
  let proxy: TSnapshotProxy;

  beforeAll(async () => {
    [a, b] = await Promise.all([startNamed("A"), startNamed("B")]);
    proxy = await startSnapshotProxy({ hosts: [proxyHost("h", "lb.test", "u")], upstreams: [upstreamOf("round-robin", [{ url: a.origin }])] });
  });
  afterEach(() => {
    a.release();
    b.release();
  });
  afterAll(async () => {
    await proxy?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  async function bodies(count: number, headers: Record<string, string> = {}): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push((await proxy.get("lb.test", "/", headers)).body);
    return out;
  }
  const countOf = (list: string[], name: string) => list.filter((x) => x === name).length;

  it("round robin gives each target its weight's share", async () => {
    await proxy.apply({ hosts: [proxyHost("h", "lb.test", "u")], upstreams: [upstreamOf("round-robin", [{ url: a.origin, weight: 3 }, { url: b.origin }])] });
    const seen = await bodies(40);
    expect([countOf(seen, "A"), countOf(seen, "B")]).toEqual([30, 10]);
  });

  it("least connections sends new requests to the idle target", async () => {
    await proxy.apply({ hosts: [proxyHost("h", "lb.test", "u")], upstreams: [upstreamOf("least-connections", [{ url: a.origin }, { url: b.origin }])] });
    a.hold = true;
    // Park one request on A (a request that lands on B is answered at once and does not count).
    const parked: Array<Promise<unknown>> = [];
    while (a.held.length === 0) {
      const arrived = Promise.race([a.nextArrival(), b.nextArrival()]);
      parked.push(proxy.get("lb.test"));
      await arrived;
    }
    const seen = await bodies(10);
    expect(countOf(seen, "B")).toBe(10);
    a.release();
    await Promise.all(parked);
  });

  it("random two choices spreads requests over the targets", async () => {
    await proxy.apply({ hosts: [proxyHost("h", "lb.test", "u")], upstreams: [upstreamOf("random-two", [{ url: a.origin }, { url: b.origin }])] });
    const seen = await bodies(40);
    expect(countOf(seen, "A")).toBeGreaterThan(0);
    expect(countOf(seen, "B")).toBeGreaterThan(0);
  });

  it("ip hash keeps a client on one target", async () => {
    await proxy.apply({ hosts: [proxyHost("h", "lb.test", "u")], upstreams: [upstreamOf("ip-hash", [{ url: a.origin }, { url: b.origin }])] });
    expect(new Set(await bodies(20)).size).toBe(1);
  });

  it("ip hash behind a trusted proxy hashes the forwarded client, not the proxy", async () => {
    const upstreams = [upstreamOf("ip-hash", [{ url: a.origin }, { url: b.origin }])];
    const forwarded = async () => {
      const seen: string[] = [];
      for (let i = 0; i < 24; i++) seen.push((await proxy.get("lb.test", "/", { "x-forwarded-for": `198.51.100.${i}` })).body);
      return seen;
    };
    await proxy.apply({ hosts: [proxyHost("h", "lb.test", "u")], upstreams });
    expect(new Set(await forwarded()).size).toBe(1);
    await proxy.apply({ hosts: [proxyHost("h", "lb.test", "u")], upstreams, settings: { trustedProxies: ["127.0.0.1"] } });
    const seen = await forwarded();
    expect(new Set(seen)).toEqual(new Set(["A", "B"]));
    // Each forwarded client still sticks.
    expect(await forwarded()).toEqual(seen);
  });

  it("the cookie policy pins a client with an opaque cookie and keeps it there", async () => {
    await proxy.apply({
      hosts: [proxyHost("h", "lb.test", "u")],
      upstreams: [upstreamOf("cookie", [{ url: a.origin }, { url: b.origin }], { stickyCookie: "srv" })],
    });
    const first = await proxy.get("lb.test");
    const setCookie = first.headers["set-cookie"]?.[0] ?? "";
    expect(setCookie).toMatch(/^srv=[\w-]+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toContain("127.0.0.1");
    const cookie = setCookie.split(";")[0]!;
    for (let i = 0; i < 6; i++) {
      const again = await proxy.get("lb.test", "/", { cookie: `theme=dark; ${cookie}` });
      expect(again.body).toBe(first.body);
      expect(again.headers["set-cookie"]).toBeUndefined();
    }
    // Without the cookie, clients are spread (and each is told where it landed).
    const fresh = await bodies(4);
    expect(new Set(fresh)).toEqual(new Set(["A", "B"]));
  });
});
