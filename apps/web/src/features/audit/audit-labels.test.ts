import { describe, expect, it } from "vitest";
import { organizationKindsFor } from "./audit-labels.ts";

describe("organizationKindsFor", () => {
  it("shows invitations and tokens only to roles that may see them on their own pages", () => {
    expect(organizationKindsFor("owner")).toEqual(["host", "upstream", "certificate", "import", "api-token", "member", "invitation", "organization"]);
    expect(organizationKindsFor("editor")).toEqual(["host", "upstream", "certificate", "member", "organization"]);
    expect(organizationKindsFor("viewer")).toEqual(["host", "upstream", "certificate", "member", "organization"]);
  });

  it("shows nothing to a role outside the matrix", () => {
    expect(organizationKindsFor("superuser")).toEqual([]);
  });
});
