import { ZHostInput, ZInstanceSettingsInput } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formFieldErrors } from "./form-errors.ts";
import { friendlyIssueMessage } from "./issue-messages.ts";

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input, { error: friendlyIssueMessage });
  if (result.success) throw new Error("expected the input to be refused");
  return formFieldErrors(result.error);
}

describe("formFieldErrors", () => {
  it("keys each message by its full path, the name of the field that holds the value", () => {
    const errors = errorsOf(ZHostInput, {
      domains: ["ok.example.com", "bad domain"],
      locations: [
        { path: "/", action: { type: "proxy", backendUrl: "ftp://x" } },
        { path: "api", action: { type: "respond", status: 99 } },
      ],
    });
    expect(Object.keys(errors).sort()).toEqual(["domains.1", "locations.0.action.backendUrl", "locations.1.action.status", "locations.1.path"]);
    expect(errors["locations.1.action.status"]).toEqual(["Use 200 or more."]);
  });

  it("reports a failed union through the branch its type names, not as 'Invalid input'", () => {
    const errors = errorsOf(ZHostInput, {
      domains: ["a.example.com"],
      locations: [{ path: "/", action: { type: "redirect", status: 300, to: "not a url" } }],
    });
    expect(errors).toEqual({
      "locations.0.action.status": ["Choose one of 301, 302, 307, 308."],
      "locations.0.action.to": ["Enter a full URL such as https://example.com."],
    });
  });

  it("puts list-wide messages under the list's name", () => {
    const twice = { path: "/a", action: { type: "respond", status: 200 } };
    const errors = errorsOf(ZHostInput, { domains: ["a.example.com"], locations: [twice, twice] });
    expect(errors).toEqual({ locations: ["Two locations have the same path."] });
  });

  it("names the expected values of a discriminated union with an unknown type", () => {
    const errors = errorsOf(ZInstanceSettingsInput, { defaultSite: { type: "teapot" } });
    expect(Object.keys(errors)).toEqual(["defaultSite.type"]);
    expect(errors["defaultSite.type"]?.[0]).toMatch(/^Choose one of not-found, close, redirect/);
  });
});
