import { z } from "zod";
import { ZEmail } from "../account-input.ts";

export const ACME_DIRECTORY_PRESETS = {
  "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
} as const;

/**
 * The instance's ACME account. `eab` is External Account Binding (ZeroSSL, step-ca with EAB, ...):
 * the HMAC key is a secret, stored encrypted and never sent back to the browser; in the form an
 * empty hmacKey keeps the stored one.
 */
export const ZAcmeSettingsInput = z.object({
  email: ZEmail,
  directoryUrl: z.url({ protocol: /^https$/, error: "Enter the ACME directory URL (https://...), or pick a preset." }),
  eab: z
    .object({
      keyId: z.string().trim().min(1, "Enter the EAB key ID your CA gave you.").max(512),
      hmacKey: z
        .string()
        .trim()
        .max(1024)
        .regex(/^[A-Za-z0-9_=-]*$/, "The EAB HMAC key is base64url text, as your CA shows it."),
    })
    .nullable()
    .default(null),
});

export type TAcmeSettingsInput = z.infer<typeof ZAcmeSettingsInput>;
