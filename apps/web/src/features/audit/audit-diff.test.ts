import { describe, expect, it } from "vitest";
import { auditDiff } from "./audit-diff.ts";

describe("auditDiff", () => {
  it("lists only the fields an update changed, by path", () => {
    const before = { id: "h1", enabled: true, domains: ["a.example.com"], tls: { mode: "off", certificateId: null }, options: { websocket: true } };
    const after = { id: "h1", enabled: false, domains: ["a.example.com", "b.example.com"], tls: { mode: "automatic", certificateId: "c1" }, options: { websocket: true } };
    expect(auditDiff(before, after)).toEqual([
      { path: "enabled", before: "true", after: "false" },
      { path: "domains", before: "a.example.com", after: "a.example.com, b.example.com" },
      { path: "tls.mode", before: "off", after: "automatic" },
      { path: "tls.certificateId", before: null, after: "c1" },
    ]);
  });

  it("walks lists of objects by position", () => {
    const before = { targets: [{ url: "http://10.0.0.1", weight: 1 }] };
    const after = { targets: [{ url: "http://10.0.0.1", weight: 5 }, { url: "http://10.0.0.2", weight: 1 }] };
    expect(auditDiff(before, after)).toEqual([
      { path: "targets[1].weight", before: "1", after: "5" },
      { path: "targets[2].url", before: null, after: "http://10.0.0.2" },
      { path: "targets[2].weight", before: null, after: "1" },
    ]);
  });

  it("shows a creation as every field with no before, a deletion as every field with no after", () => {
    expect(auditDiff(null, { name: "pool", domains: [] })).toEqual([
      { path: "name", before: null, after: "pool" },
      { path: "domains", before: null, after: "(none)" },
    ]);
    expect(auditDiff({ name: "pool" }, null)).toEqual([{ path: "name", before: "pool", after: null }]);
  });

  it("finds nothing when nothing changed", () => {
    expect(auditDiff({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toEqual([]);
  });
});
