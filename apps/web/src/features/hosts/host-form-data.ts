import { splitDomains, ZHostInput } from "@gatehouse/shared";
import { z } from "zod";

export const ZHostId = z.string().trim().min(1, "Missing host id.").max(64);

export const ZHostUpdate = ZHostInput.extend({ id: ZHostId });
export const ZHostRef = z.object({ id: ZHostId });
export const ZHostEnabled = z.object({ id: ZHostId, enabled: z.enum(["true", "false"]).transform((value) => value === "true") });

/** The host form's fields shaped for ZHostInput: the domain textarea split, the checkbox as a boolean. */
export function readHostForm(formData: FormData) {
  return {
    id: formData.get("id") ?? undefined,
    domains: splitDomains(String(formData.get("domains") ?? "")),
    backendUrl: String(formData.get("backendUrl") ?? ""),
    enabled: formData.get("enabled") === "on",
  };
}
