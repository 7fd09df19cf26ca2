import { ZInstanceSettingsInput } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { formFieldErrors } from "@/lib/form-errors.ts";
import { formData } from "../../../test/form-data.ts";
import { readSettingsForm, settingsFormValues } from "./settings-form-data.ts";

describe("readSettingsForm", () => {
  it("reads the default site and one trusted proxy per line", () => {
    const settings = ZInstanceSettingsInput.parse(
      readSettingsForm(formData({ "defaultSite.type": "close", trustedProxies: "10.0.0.0/8\n\n  fd00::/8  \n192.0.2.1\n" })),
    );
    expect(settings).toEqual({ defaultSite: { type: "close" }, trustedProxies: ["10.0.0.0/8", "fd00::/8", "192.0.2.1"], unknownSni: "default-certificate" });
  });

  it("reads a redirect with its address and status, and shows it again the same way", () => {
    const settings = ZInstanceSettingsInput.parse(
      readSettingsForm(
        formData({ "defaultSite.type": "redirect", "defaultSite.to": " https://www.example.com ", "defaultSite.status": "307", trustedProxies: "", unknownSni: "refuse" }),
      ),
    );
    expect(settings).toEqual({ defaultSite: { type: "redirect", to: "https://www.example.com", status: 307 }, trustedProxies: [], unknownSni: "refuse" });
    expect(settingsFormValues(settings)).toEqual({
      defaultSiteType: "redirect",
      redirectTo: "https://www.example.com",
      redirectStatus: "307",
      trustedProxies: "",
      unknownSni: "refuse",
    });
  });

  it("names the bad entry of the trusted proxies list", () => {
    const result = ZInstanceSettingsInput.safeParse(readSettingsForm(formData({ "defaultSite.type": "not-found", trustedProxies: "10.0.0.0/8\n10.0.0.0/33" })));
    expect(result.success).toBe(false);
    expect(formFieldErrors(result.error!)).toEqual({ "trustedProxies.1": ['The prefix length in "10.0.0.0/33" must be 0 to 32.'] });
  });

  it("refuses an unknown-SNI choice that is not offered", () => {
    const result = ZInstanceSettingsInput.safeParse(readSettingsForm(formData({ "defaultSite.type": "not-found", trustedProxies: "", unknownSni: "shrug" })));
    expect(Object.keys(formFieldErrors(result.error!))).toEqual(["unknownSni"]);
  });
});
