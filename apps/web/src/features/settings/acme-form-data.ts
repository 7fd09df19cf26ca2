import { ACME_DIRECTORY_PRESETS } from "@gatehouse/shared";
import { formReader } from "@/lib/form-reader.ts";

export type TAcmeDirectoryChoice = keyof typeof ACME_DIRECTORY_PRESETS | "custom";

/** The stored ACME settings as getAcmeSettings returns them (the HMAC key itself never leaves the server). */
export type TAcmeSettingsView = { email: string; directoryUrl: string; eab: { keyId: string; hasHmacKey: boolean } | null };

export type TAcmeFormValues = {
  email: string;
  directory: TAcmeDirectoryChoice;
  /** The custom directory URL, when it is not a preset. */
  customUrl: string;
  eabKeyId: string;
  hasHmacKey: boolean;
};

function isPreset(choice: string): choice is keyof typeof ACME_DIRECTORY_PRESETS {
  return Object.hasOwn(ACME_DIRECTORY_PRESETS, choice);
}

/**
 * The ACME form shaped for ZAcmeSettingsInput: a preset stands for its URL; no EAB key ID means no
 * External Account Binding; an empty HMAC key keeps the stored one.
 */
export function readAcmeForm(formData: FormData) {
  const form = formReader(formData);
  const directory = form.text("directory");
  const keyId = form.optionalText("eab.keyId");
  return {
    email: form.text("email").trim(),
    directoryUrl: isPreset(directory) ? ACME_DIRECTORY_PRESETS[directory] : form.text("directoryUrl").trim(),
    eab: keyId === undefined ? null : { keyId, hmacKey: form.text("eab.hmacKey").trim() },
  };
}

/** The form's starting values; a new instance starts on Let's Encrypt production. */
export function acmeFormValues(settings: TAcmeSettingsView | null): TAcmeFormValues {
  const url = settings?.directoryUrl ?? ACME_DIRECTORY_PRESETS["letsencrypt-production"];
  const preset = (Object.keys(ACME_DIRECTORY_PRESETS) as (keyof typeof ACME_DIRECTORY_PRESETS)[]).find((key) => ACME_DIRECTORY_PRESETS[key] === url);
  return {
    email: settings?.email ?? "",
    directory: preset ?? "custom",
    customUrl: preset ? "" : url,
    eabKeyId: settings?.eab?.keyId ?? "",
    hasHmacKey: settings?.eab?.hasHmacKey ?? false,
  };
}
