import type { TInstanceSettingsInput } from "@gatehouse/shared";
import { formReader } from "@/lib/form-reader.ts";

export type TSettingsFormValues = {
  defaultSiteType: TInstanceSettingsInput["defaultSite"]["type"];
  redirectTo: string;
  redirectStatus: string;
  /** One CIDR per line. */
  trustedProxies: string;
  unknownSni: TInstanceSettingsInput["unknownSni"];
};

/** The settings form shaped for ZInstanceSettingsInput; the trusted proxies textarea split into a list. */
export function readSettingsForm(formData: FormData) {
  const form = formReader(formData);
  const type = form.text("defaultSite.type");
  return {
    defaultSite: type === "redirect" ? { type, to: form.text("defaultSite.to").trim(), status: form.number("defaultSite.status") } : { type },
    trustedProxies: form.text("trustedProxies").split(/[\s,]+/).filter((cidr) => cidr.length > 0),
    unknownSni: form.optionalText("unknownSni"),
  };
}

export function settingsFormValues(settings: TInstanceSettingsInput): TSettingsFormValues {
  const site = settings.defaultSite;
  return {
    defaultSiteType: site.type,
    redirectTo: site.type === "redirect" ? site.to : "",
    redirectStatus: site.type === "redirect" ? String(site.status) : "302",
    trustedProxies: settings.trustedProxies.join("\n"),
    unknownSni: settings.unknownSni,
  };
}
