import { describe, expect, it } from "vitest";
import { fieldError, formFields, formValues, groupError, submittedValue, type TFormState } from "./form-state.ts";

function sampleForm(): FormData {
  const form = new FormData();
  form.set("$ACTION_ID_abc", "");
  form.set("email", "ada@example.com");
  form.set("password", "correct horse battery staple");
  form.set("domains", "a.example.com\nb.example.com");
  return form;
}

describe("form state helpers", () => {
  it("reads every text field for parsing, passwords included", () => {
    expect(formFields(sampleForm())).toEqual({
      email: "ada@example.com",
      password: "correct horse battery staple",
      domains: "a.example.com\nb.example.com",
    });
  });

  it("never echoes passwords back into the form", () => {
    expect(formValues(sampleForm())).toEqual({ email: "ada@example.com", domains: "a.example.com\nb.example.com" });
  });

  it("never echoes a private key or an EAB HMAC key back into the form", () => {
    const form = new FormData();
    form.set("certificatePem", "-----BEGIN CERTIFICATE-----");
    form.set("privateKeyPem", "-----BEGIN PRIVATE KEY-----");
    form.set("eab.hmacKey", "c2VjcmV0");
    expect(formValues(form)).toEqual({ certificatePem: "-----BEGIN CERTIFICATE-----" });
  });

  it("shows submitted values after a failure and defaults before", () => {
    const failed: TFormState = { ok: false, message: "x", fieldErrors: { email: ["Enter a valid email address."] }, values: { email: "nope" } };
    expect(submittedValue(failed, "email", "initial")).toBe("nope");
    expect(submittedValue({ ok: true }, "email", "initial")).toBe("initial");
    expect(fieldError(failed, "email")).toBe("Enter a valid email address.");
    expect(fieldError({ ok: true }, "email")).toBeUndefined();
  });

  it("shows a field the errors of its parts, and a group only its own", () => {
    const failed: TFormState = {
      ok: false,
      message: "x",
      fieldErrors: { "domains.1": ["bad domain"], targets: ["A target is listed twice."], "targets.0.url": ["Enter a full URL."] },
      values: {},
    };
    expect(fieldError(failed, "domains")).toBe("bad domain");
    expect(fieldError(failed, "targets.0.url")).toBe("Enter a full URL.");
    expect(fieldError(failed, "targets.0.weight")).toBeUndefined();
    expect(groupError(failed, "targets")).toBe("A target is listed twice.");
    expect(groupError(failed, "domains")).toBeUndefined();
  });
});
