import { ZSmtpSettingsInput } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formData } from "../../../test/form-data.ts";
import { readSmtpForm, smtpFormValues } from "./instance-access-form-data.ts";

const ZSmtpForm = z.object({ smtp: ZSmtpSettingsInput.nullable() });

describe("the SMTP settings form", () => {
  it("reads the fields into the shared input, keeping an empty password as 'keep the stored one'", () => {
    const read = readSmtpForm(
      formData({ "smtp.host": " smtp.example.com ", "smtp.port": "587", "smtp.security": "starttls", "smtp.username": "mailer", "smtp.password": "", "smtp.from": "Gate@Example.com" }),
    );
    expect(ZSmtpForm.parse(read)).toEqual({
      smtp: { host: "smtp.example.com", port: 587, security: "starttls", username: "mailer", password: "", from: "gate@example.com" },
    });
  });

  it("turns email off when the host is empty, whatever else was typed", () => {
    expect(readSmtpForm(formData({ "smtp.host": "  ", "smtp.port": "25", "smtp.from": "x@example.com" }))).toEqual({ smtp: null });
  });

  it("refuses a port that is not a number with a message at the field", () => {
    const result = ZSmtpForm.safeParse(readSmtpForm(formData({ "smtp.host": "h", "smtp.port": "abc", "smtp.security": "tls", "smtp.from": "x@example.com" })));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["smtp", "port"]);
  });

  it("starts a fresh form on STARTTLS port 587", () => {
    expect(smtpFormValues(null, false)).toEqual({ host: "", port: "587", security: "starttls", username: "", from: "", hasPassword: false });
  });
});
