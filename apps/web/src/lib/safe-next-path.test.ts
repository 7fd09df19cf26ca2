import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path.ts";

describe("safeNextPath", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeNextPath("/invite/abc")).toBe("/invite/abc");
    expect(safeNextPath("/o/acme/hosts?x=1")).toBe("/o/acme/hosts?x=1");
  });

  it("refuses anything that can leave the site or is not a path", () => {
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example/", "evil", "", "/\t/evil.example", "/\n/x", undefined, null, ["/a"], 42]) {
      expect(safeNextPath(next)).toBeNull();
    }
  });
});
