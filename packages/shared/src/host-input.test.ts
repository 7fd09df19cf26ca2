import { describe, expect, it } from "vitest";
import { ZHostInput, splitDomains } from "./host-input.ts";
import { ZUpstreamInput } from "./upstream-input.ts";
import { zodFieldErrors } from "./zod-field-errors.ts";

const quick = (backendUrl: string) => [{ path: "/", action: { type: "proxy", backendUrl } }];

describe("ZHostInput", () => {
  it("splits the domain field on lines, commas and spaces", () => {
    expect(splitDomains("a.test, b.test\nc.test  d.test\n")).toEqual(["a.test", "b.test", "c.test", "d.test"]);
  });

  it("accepts the quick domain -> backend form and fills defaults", () => {
    const host = ZHostInput.parse({ domains: ["App.test", "*.app.test"], locations: quick("http://127.0.0.1:9001/") });
    expect(host.domains).toEqual(["app.test", "*.app.test"]);
    expect(host.locations[0]!.action).toEqual({ type: "proxy", backendUrl: "http://127.0.0.1:9001", stripPrefix: false });
    expect(host.options.preserveHost).toBe(true);
    expect(host.enabled).toBe(true);
  });

  it("reports each bad field by name", () => {
    const result = ZHostInput.safeParse({ domains: [], locations: quick("ftp://x") });
    const fields = zodFieldErrors(result.error!);
    expect(fields.domains?.[0]).toContain("at least one domain");
    expect(fields.locations?.[0]).toContain("http:// or https://");
  });

  it("wants exactly one of upstream and backend URL in a proxy location", () => {
    const both = [{ path: "/", action: { type: "proxy", backendUrl: "http://a.test", upstreamId: "u1" } }];
    expect(ZHostInput.safeParse({ domains: ["a.test"], locations: both }).success).toBe(false);
    const neither = [{ path: "/", action: { type: "proxy" } }];
    expect(ZHostInput.safeParse({ domains: ["a.test"], locations: neither }).success).toBe(false);
  });

  it("refuses the same domain twice, whatever its case, and duplicate location paths", () => {
    const result = ZHostInput.safeParse({ domains: ["a.test", "A.test"], locations: quick("http://127.0.0.1:1") });
    expect(zodFieldErrors(result.error!).domains?.[0]).toContain("listed twice");
    const twice = [...quick("http://127.0.0.1:1"), ...quick("http://127.0.0.1:2")];
    expect(ZHostInput.safeParse({ domains: ["a.test"], locations: twice }).success).toBe(false);
  });
});

describe("ZUpstreamInput", () => {
  it("refuses duplicate targets and odd names", () => {
    const targets = [{ url: "http://10.0.0.1:80" }, { url: "http://10.0.0.1" }];
    const result = ZUpstreamInput.safeParse({ name: "api<script>", targets });
    const fields = zodFieldErrors(result.error!);
    expect(fields.name?.[0]).toContain("letters, digits");
    expect(fields.targets?.[0]).toContain("listed twice");
  });
});
