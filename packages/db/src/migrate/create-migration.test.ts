import { describe, expect, it } from "vitest";
import { migrationFolderName } from "./create-migration.ts";

describe("migrationFolderName", () => {
  const now = new Date("2026-01-02T03:04:05.678Z");

  it("prefixes a UTC timestamp and turns the name into a lower-case slug", () => {
    expect(migrationFolderName("Add certificates!", now)).toBe("20260102030405_add_certificates");
    expect(migrationFolderName("  access-lists  ", now)).toBe("20260102030405_access_lists");
  });

  it("refuses a name with nothing usable in it", () => {
    expect(() => migrationFolderName(" -- ", now)).toThrow(/not usable as a migration name/);
  });
});
