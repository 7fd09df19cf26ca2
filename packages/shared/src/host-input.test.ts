import { describe, expect, it } from "vitest";
import { ZHostInput, splitDomains } from "./host-input.ts";
import { zodFieldErrors } from "./zod-field-errors.ts";

describe("ZHostInput", () => {
  it("splits the domain field on lines, commas and spaces", () => {
    expect(splitDomains("a.test, b.test\nc.test  d.test\n")).toEqual(["a.test", "b.test", "c.test", "d.test"]);
  });

  it("reports each bad field by name", () => {
    const result = ZHostInput.safeParse({ domains: [], backendUrl: "ftp://x" });
    expect(result.success).toBe(false);
    const fields = zodFieldErrors(result.error!);
    expect(fields.domains?.[0]).toContain("at least one domain");
    expect(fields.backendUrl?.[0]).toContain("http:// or https://");
  });

  it("refuses the same domain twice, whatever its case", () => {
    const result = ZHostInput.safeParse({ domains: ["a.test", "A.test"], backendUrl: "http://127.0.0.1:1" });
    expect(zodFieldErrors(result.error!).domains?.[0]).toContain("listed twice");
  });
});
