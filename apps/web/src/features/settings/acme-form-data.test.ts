import { ACME_DIRECTORY_PRESETS, ZAcmeSettingsInput } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { formFieldErrors } from "@/lib/form-errors.ts";
import { friendlyIssueMessage } from "@/lib/issue-messages.ts";
import { formData } from "../../../test/form-data.ts";
import { acmeFormValues, readAcmeForm } from "./acme-form-data.ts";

describe("readAcmeForm", () => {
  it("reads a preset as its directory URL, ignoring a custom URL left in the hidden field", () => {
    const input = ZAcmeSettingsInput.parse(
      readAcmeForm(formData({ email: " ops@example.com ", directory: "letsencrypt-staging", directoryUrl: "https://old.example/dir", "eab.keyId": "" })),
    );
    expect(input).toEqual({ email: "ops@example.com", directoryUrl: ACME_DIRECTORY_PRESETS["letsencrypt-staging"], eab: null });
  });

  it("reads a custom directory with External Account Binding; an empty HMAC key (keep the stored one) is allowed", () => {
    const entries = { email: "ops@example.com", directory: "custom", directoryUrl: "https://ca.internal:9000/acme/acme/directory", "eab.keyId": "kid-1" };
    expect(ZAcmeSettingsInput.parse(readAcmeForm(formData({ ...entries, "eab.hmacKey": " c2VjcmV0LWhtYWM " })))).toEqual({
      email: "ops@example.com",
      directoryUrl: "https://ca.internal:9000/acme/acme/directory",
      eab: { keyId: "kid-1", hmacKey: "c2VjcmV0LWhtYWM" },
    });
    expect(ZAcmeSettingsInput.parse(readAcmeForm(formData({ ...entries, "eab.hmacKey": "" }))).eab).toEqual({ keyId: "kid-1", hmacKey: "" });
  });

  it("puts a plain-http custom directory and a malformed HMAC key on their fields", () => {
    const result = ZAcmeSettingsInput.safeParse(
      readAcmeForm(formData({ email: "ops@example.com", directory: "custom", directoryUrl: "http://ca.internal/dir", "eab.keyId": "kid", "eab.hmacKey": "not base64!" })),
      { error: friendlyIssueMessage },
    );
    expect(formFieldErrors(result.error!)).toEqual({
      directoryUrl: ["Enter the ACME directory URL (https://...), or pick a preset."],
      "eab.hmacKey": ["The EAB HMAC key is base64url text, as your CA shows it."],
    });
  });
});

describe("acmeFormValues", () => {
  it("starts a new instance on Let's Encrypt production", () => {
    expect(acmeFormValues(null)).toEqual({ email: "", directory: "letsencrypt-production", customUrl: "", eabKeyId: "", hasHmacKey: false });
  });

  it("shows a stored custom directory as custom with its URL, and only whether an HMAC key is stored", () => {
    expect(acmeFormValues({ email: "ops@example.com", directoryUrl: "https://127.0.0.1:14000/dir", eab: { keyId: "kid", hasHmacKey: true } })).toEqual({
      email: "ops@example.com",
      directory: "custom",
      customUrl: "https://127.0.0.1:14000/dir",
      eabKeyId: "kid",
      hasHmacKey: true,
    });
  });
});
