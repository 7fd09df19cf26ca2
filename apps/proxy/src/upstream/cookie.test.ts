import { describe, expect, it } from "vitest";
import { markDown, poolTargets } from "../../test/pool-targets.ts";
import { createCookiePolicy, readCookie, stickyCookieHeader, stickyIdOf } from "./cookie.ts";

describe("readCookie", () => {
  it.each([
    [["gh=abc"], "abc"],
    [["a=1; gh=abc; b=2"], "abc"],
    [["xgh=1; gh=abc"], "abc"],
    [["a=1", "gh=abc"], "abc"],
    [["gh_other=1"], undefined],
    [["a=gh=1"], undefined],
  ])("%j -> %s", (fields, expected) => {
    expect(readCookie(fields, "gh")).toBe(expected);
  });
  it("is undefined without a Cookie field", () => expect(readCookie(undefined, "gh")).toBeUndefined());
});

describe("sticky cookie policy", () => {
  const targets = poolTargets({ a: 1, b: 1, c: 1 });
  const policy = createCookiePolicy(targets, "gh");

  it("places a new client by round robin and pins it with an opaque cookie", () => {
    const context = { clientAddress: undefined, cookies: undefined };
    const target = policy.select(context, undefined)!;
    const header = stickyCookieHeader("gh", target, context, true)!;
    expect(header).toBe(`gh=${stickyIdOf("u", target.url)}; Path=/; HttpOnly; SameSite=Lax; Secure`);
    expect(header).not.toContain(target.url);
  });

  it("sends a pinned client to its target every time and does not set the cookie again", () => {
    const context = { clientAddress: undefined, cookies: [`other=1; gh=${targets[2]!.stickyId}`] };
    for (let i = 0; i < 5; i++) expect(policy.select(context, undefined)).toBe(targets[2]);
    expect(stickyCookieHeader("gh", targets[2]!, context, false)).toBeUndefined();
  });

  it("re-pins a client whose target is down, or whose cookie names no target", () => {
    const down = poolTargets({ a: 1, b: 1 });
    const sticky = createCookiePolicy(down, "gh");
    markDown(down[0]!);
    const context = { clientAddress: undefined, cookies: [`gh=${down[0]!.stickyId}`] };
    expect(sticky.select(context, undefined)).toBe(down[1]);
    expect(stickyCookieHeader("gh", down[1]!, context, false)).toContain(down[1]!.stickyId);
    expect(sticky.select({ clientAddress: undefined, cookies: ["gh=forged"] }, undefined)).toBe(down[1]);
  });
});
