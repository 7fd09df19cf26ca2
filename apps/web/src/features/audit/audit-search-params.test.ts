import { describe, expect, it } from "vitest";
import { auditFilterOf, auditHref, parseAuditSearch } from "./audit-search-params.ts";

describe("parseAuditSearch", () => {
  it("turns the URL into the listing's filter, the 'to' day included", () => {
    const search = parseAuditSearch({ person: "u1", kind: "host", from: "2026-11-01", to: "2026-11-02", cursor: "c9" });
    expect(auditFilterOf(search)).toEqual({
      limit: 25,
      actorUserId: "u1",
      kind: "host",
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-11-03T00:00:00Z"),
      cursor: "c9",
    });
    expect(search.values).toEqual({ person: "u1", kind: "host", from: "2026-11-01", to: "2026-11-02" });
  });

  it("leaves out what it does not understand and keeps the rest", () => {
    const search = parseAuditSearch({ kind: "password", from: "yesterday", to: ["2026-11-02", "2026-11-05"], scope: "instance" });
    expect(auditFilterOf(search)).toEqual({ limit: 25, to: new Date("2026-11-03T00:00:00Z") });
    expect(search.scope).toBe("instance");
    expect(search.values).toEqual({ to: "2026-11-02", scope: "instance" });
  });
});

describe("auditHref", () => {
  it("keeps the filters and sets or drops the changed parameters", () => {
    const search = parseAuditSearch({ kind: "upstream", cursor: "c1" });
    expect(auditHref("/o/acme/audit", search, { cursor: "c2" })).toBe("/o/acme/audit?kind=upstream&cursor=c2");
    expect(auditHref("/o/acme/audit", search, { cursor: undefined, kind: undefined })).toBe("/o/acme/audit");
  });
});
