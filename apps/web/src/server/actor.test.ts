import { describe, expect, it } from "vitest";
import { clientIpOf, userActor } from "./actor.ts";

describe("clientIpOf", () => {
  it("records the address Next reports, the whole chain", () => {
    expect(clientIpOf(new Headers({ "x-forwarded-for": " 203.0.113.9, 10.0.0.2 " }))).toBe("203.0.113.9, 10.0.0.2");
  });

  it("is null when Next reports none", () => {
    expect(clientIpOf(new Headers())).toBeNull();
    expect(clientIpOf(new Headers({ "x-forwarded-for": "  " }))).toBeNull();
  });

  it("caps what a client can make the log hold", () => {
    expect(clientIpOf(new Headers({ "x-forwarded-for": "1".repeat(5000) }))).toHaveLength(200);
  });
});

describe("userActor", () => {
  it("labels a user by name, else by email", () => {
    expect(userActor({ id: "u1", name: "Ada", email: "ada@example.com" }, "::1")).toEqual({ userId: "u1", tokenId: null, label: "Ada", ip: "::1" });
    expect(userActor({ id: "u1", name: " ", email: "ada@example.com" }, null).label).toBe("ada@example.com");
  });
});
