import { AppError, ZHostInput } from "@gatehouse/shared";
import { describe, expect, it, vi } from "vitest";
import { authorizeInstanceOwner, authorizeOrgMember, runAction, type TMembership } from "./action-core.ts";

const member = (role: string): TMembership => ({ userId: "u1", organizationId: "o1", role });
const toBackend = (backendUrl: string) => [{ path: "/", action: { type: "proxy", backendUrl } }];
const validHost = { domains: ["app.example.com"], locations: toBackend("http://10.0.0.5:8080"), enabled: true };

describe("authorizeOrgMember", () => {
  it("refuses a missing session as UNAUTHENTICATED", () => {
    expect(() => authorizeOrgMember(null, null, "host:read")).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
    expect(() => authorizeOrgMember(null, member("owner"), "host:read")).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });

  it("answers NOT_FOUND for an organization the user is not in, or that does not exist (the same answer)", () => {
    expect(() => authorizeOrgMember("u1", null, "host:read")).toThrow(
      expect.objectContaining({ code: "NOT_FOUND", message: "This organization does not exist, or you are not a member of it." }),
    );
    // Someone else's membership never authorizes this user.
    expect(() => authorizeOrgMember("u2", member("owner"), "host:read")).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("refuses a role without the permission as FORBIDDEN", () => {
    expect(() => authorizeOrgMember("u1", member("viewer"), "host:write")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("fails closed for roles outside the matrix", () => {
    expect(() => authorizeOrgMember("u1", member("member"), "host:read")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => authorizeOrgMember("u1", member("owner,admin"), "host:read")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("lets a role with the permission through, with the rest of its context", () => {
    const view = { ...member("editor"), organizationSlug: "acme", organizationName: "Acme" };
    expect(authorizeOrgMember("u1", view, "host:write")).toBe(view);
  });
});

describe("authorizeInstanceOwner", () => {
  it("refuses a missing session as UNAUTHENTICATED", () => {
    expect(() => authorizeInstanceOwner(null, "u1")).toThrow(expect.objectContaining({ code: "UNAUTHENTICATED" }));
  });

  it("refuses every other user, organization owners included, as FORBIDDEN", () => {
    expect(() => authorizeInstanceOwner("u2", "u1")).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    expect(() => authorizeInstanceOwner("u2", null)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("lets the instance owner through", () => {
    expect(authorizeInstanceOwner("u1", "u1")).toEqual({ userId: "u1" });
  });
});

describe("runAction", () => {
  const values = { domains: "bad domain", backendUrl: "ftp://x" };

  it("answers field errors and echoes the input when parsing fails, without running the handler", async () => {
    const handler = vi.fn();
    const state = await runAction({
      authorize: async () => member("owner"),
      schema: ZHostInput,
      input: { domains: ["bad_domain!"], locations: toBackend("ftp://x"), enabled: true },
      values,
      handler,
    });
    expect(handler).not.toHaveBeenCalled();
    expect(state).toMatchObject({ ok: false, values });
    if (state.ok) throw new Error("expected a failed state");
    expect(state.fieldErrors["domains.0"]?.[0]).toMatch(/not a valid part of a domain name/);
    expect(state.fieldErrors["locations.0.action.backendUrl"]?.[0]).toMatch(/http:\/\/ or https:\/\//);
  });

  it("words generic issues for people, and leaves the schema's own messages alone", async () => {
    const state = await runAction({
      authorize: async () => member("owner"),
      schema: ZHostInput,
      input: { domains: [], locations: [{ path: "/", action: { type: "respond", status: Number.NaN } }] },
      values,
      handler: vi.fn(),
    });
    if (state.ok) throw new Error("expected a failed state");
    expect(state.fieldErrors).toEqual({
      domains: ["Enter at least one domain, such as app.example.com."],
      "locations.0.action.status": ["Enter a number."],
    });
  });

  it("checks authorization before parsing, so a refused caller learns nothing about the input", async () => {
    const handler = vi.fn();
    const state = await runAction({
      authorize: async () => authorizeOrgMember("u1", member("viewer"), "host:write"),
      schema: ZHostInput,
      input: { domains: [] },
      values,
      handler,
    });
    expect(handler).not.toHaveBeenCalled();
    expect(state).toEqual({ ok: false, message: expect.stringMatching(/role/), fieldErrors: {}, values });
  });

  it("turns an AppError from the handler into form state with its field errors", async () => {
    const state = await runAction({
      authorize: async () => member("admin"),
      schema: ZHostInput,
      input: validHost,
      values,
      handler: async () => {
        throw new AppError("CONFLICT", "app.example.com is already used by another host.", { domains: ["app.example.com is already used by another host."] });
      },
    });
    expect(state).toEqual({
      ok: false,
      message: "app.example.com is already used by another host.",
      fieldErrors: { domains: ["app.example.com is already used by another host."] },
      values,
    });
  });

  it("passes the parsed input and the authorized context to the handler", async () => {
    const handler = vi.fn(async () => undefined);
    const state = await runAction({
      authorize: async () => member("editor"),
      schema: ZHostInput,
      input: { domains: ["App.Example.com."], locations: toBackend(" http://10.0.0.5:8080/ "), enabled: false },
      values,
      handler,
    });
    expect(state).toEqual({ ok: true });
    expect(handler).toHaveBeenCalledWith(
      expect.objectContaining({
        domains: ["app.example.com"],
        locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://10.0.0.5:8080", stripPrefix: false } }],
        enabled: false,
      }),
      member("editor"),
    );
  });

  it("lets errors that are not AppErrors through (Next's redirect signal, real bugs)", async () => {
    const redirectSignal = Object.assign(new Error("NEXT_REDIRECT"), { digest: "NEXT_REDIRECT;replace;/hosts;307;" });
    await expect(
      runAction({ authorize: async () => member("owner"), schema: ZHostInput, input: validHost, values, handler: async () => { throw redirectSignal; } }),
    ).rejects.toBe(redirectSignal);
  });
});
