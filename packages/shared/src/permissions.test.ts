import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLES, can, roleWithin } from "./permissions.ts";

describe("permissions", () => {
  it("gives each role a subset of the role above it", () => {
    for (let i = 1; i < ROLES.length; i++) {
      const above = new Set<string>(PERMISSIONS[ROLES[i - 1]!]);
      for (const permission of PERMISSIONS[ROLES[i]!]) expect(above.has(permission)).toBe(true);
    }
  });

  it("fails closed for unknown roles", () => {
    expect(can("superuser", "host:read")).toBe(false);
    expect(can(undefined, "host:read")).toBe(false);
    expect(can("viewer", "host:write")).toBe(false);
    expect(can("editor", "host:write")).toBe(true);
  });

  it("tells whether a role is within another (a token's role against its creator's)", () => {
    expect(roleWithin("viewer", "admin")).toBe(true);
    expect(roleWithin("admin", "admin")).toBe(true);
    expect(roleWithin("owner", "admin")).toBe(false);
    expect(roleWithin("viewer", "superuser")).toBe(false);
    expect(roleWithin("superuser", "owner")).toBe(false);
  });

  it("keeps API tokens to owners and admins", () => {
    expect(ROLES.filter((role) => can(role, "token:write"))).toEqual(["owner", "admin"]);
    expect(ROLES.filter((role) => can(role, "token:read"))).toEqual(["owner", "admin"]);
  });
});
