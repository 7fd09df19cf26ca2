import { describe, expect, it } from "vitest";
import { ZDomain } from "./domain.ts";

describe("ZDomain", () => {
  it("normalizes case, whitespace and a trailing dot", () => {
    expect(ZDomain.parse("  App.Example.TEST. ")).toBe("app.example.test");
  });

  it.each([
    ["", "Enter a domain name"],
    ["http://app.example.com", "without scheme"],
    ["app.example.com:8080", "without scheme, port"],
    ["-bad.example.com", "not a valid part"],
    ["a..b", "(empty)"],
    ["10.0.0.1", "not an IP address"],
    ["*.example.com", "Wildcard"],
    [`${"a".repeat(64)}.com`, "not a valid part"],
  ])("rejects %j with a message about %j", (input, message) => {
    const result = ZDomain.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(message);
  });

  it("accepts single-label and long multi-label names", () => {
    expect(ZDomain.parse("localhost")).toBe("localhost");
    expect(ZDomain.parse("a-b.c1.example.co.uk")).toBe("a-b.c1.example.co.uk");
  });
});
