import { splitDomains } from "@gatehouse/shared";
import { z } from "zod";
import { formReader } from "@/lib/form-reader.ts";

export const ZCertificateRef = z.object({ id: z.string().trim().min(1, "Missing certificate id.").max(64) });

/**
 * The upload form shaped for ZCertificateUploadInput. A chosen file is read into its textarea in the
 * browser, so the server gets the PEM text either way and a failed check names the field it came from.
 */
export function readUploadForm(formData: FormData) {
  const form = formReader(formData);
  return {
    name: form.optionalText("name"),
    certificatePem: form.text("certificatePem"),
    chainPem: form.text("chainPem"),
    privateKeyPem: form.text("privateKeyPem"),
  };
}

/** The self-signed form shaped for ZSelfSignedInput: names one per line or separated by commas. */
export function readSelfSignedForm(formData: FormData) {
  const form = formReader(formData);
  return { domains: splitDomains(form.text("domains").toLowerCase()), validityDays: form.number("validityDays") };
}
