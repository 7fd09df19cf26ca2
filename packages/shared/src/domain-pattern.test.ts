import { describe, expect, it } from "vitest";
import { ZDomainPattern } from "./domain-pattern.ts";

describe("ZDomainPattern", () => {
  it("accepts exact names and a leading wildcard label", () => {
    expect(ZDomainPattern.parse("*.Example.com")).toBe("*.example.com");
    expect(ZDomainPattern.parse("app.example.com")).toBe("app.example.com");
  });

  it.each([["*.com"], ["a.*.example.com"], ["**.example.com"], ["*example.com"]])("rejects %j", (input) => {
    expect(ZDomainPattern.safeParse(input).success).toBe(false);
  });
});
