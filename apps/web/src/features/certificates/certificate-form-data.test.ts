import { ZCertificateUploadInput, ZSelfSignedInput } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { formFieldErrors } from "@/lib/form-errors.ts";
import { friendlyIssueMessage } from "@/lib/issue-messages.ts";
import { formData } from "../../../test/form-data.ts";
import { readSelfSignedForm, readUploadForm } from "./certificate-form-data.ts";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----";

describe("readUploadForm", () => {
  it("reads the three PEM fields, trimmed, and a blank name as none", () => {
    const input = ZCertificateUploadInput.parse(readUploadForm(formData({ name: "  ", certificatePem: `\n${CERT}\n`, chainPem: "", privateKeyPem: `${KEY}\n` })));
    expect(input).toEqual({ certificatePem: CERT, chainPem: "", privateKeyPem: KEY });
  });

  it("keeps a given name", () => {
    expect(ZCertificateUploadInput.parse(readUploadForm(formData({ name: " Shop wildcard ", certificatePem: CERT, privateKeyPem: KEY }))).name).toBe("Shop wildcard");
  });

  it("says which PEM is missing, on its own field", () => {
    const result = ZCertificateUploadInput.safeParse(readUploadForm(formData({ certificatePem: "", privateKeyPem: " " })), { error: friendlyIssueMessage });
    expect(formFieldErrors(result.error!)).toEqual({
      certificatePem: ["Paste the certificate (PEM, starting with -----BEGIN CERTIFICATE-----)."],
      privateKeyPem: ["Paste the private key (PEM, starting with -----BEGIN PRIVATE KEY-----)."],
    });
  });
});

describe("readSelfSignedForm", () => {
  it("reads the names one per line or comma-separated, lowercased, and the validity in days", () => {
    const input = ZSelfSignedInput.parse(readSelfSignedForm(formData({ domains: "Intranet.Example.LAN,\n*.intranet.example.lan", validityDays: "30" })));
    expect(input).toEqual({ domains: ["intranet.example.lan", "*.intranet.example.lan"], validityDays: 30 });
  });

  it("defaults to a year, and names a bad name and a bad validity on their fields", () => {
    expect(ZSelfSignedInput.parse(readSelfSignedForm(formData({ domains: "a.lan", validityDays: "" }))).validityDays).toBe(365);
    const result = ZSelfSignedInput.safeParse(readSelfSignedForm(formData({ domains: "a.lan b..lan", validityDays: "0" })), { error: friendlyIssueMessage });
    const errors = formFieldErrors(result.error!);
    expect(Object.keys(errors).sort()).toEqual(["domains.1", "validityDays"]);
    expect(errors.validityDays).toEqual(["At least one day."]);
  });
});
