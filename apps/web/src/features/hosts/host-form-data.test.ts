import { ZHostInput } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { formFieldErrors } from "@/lib/form-errors.ts";
import { friendlyIssueMessage } from "@/lib/issue-messages.ts";
import { formData } from "../../../test/form-data.ts";
import { readHostForm } from "./host-form-data.ts";
import { bytesToMb } from "./host-form-values.ts";

// What the quick form sends with nothing but a domain and a backend URL typed in.
const QUICK = {
  domains: "app.example.com",
  "locations.0.path": "/",
  "locations.0.action.kind": "backend",
  "locations.0.action.backendUrl": "http://127.0.0.1:9001",
  enabled: "on",
  "options.maxBodyBytes": "",
  "options.preserveHost": "on",
};

function parsedHost(entries: Record<string, string>) {
  return ZHostInput.parse(readHostForm(formData(entries)));
}

function hostErrors(entries: Record<string, string>) {
  const result = ZHostInput.safeParse(readHostForm(formData(entries)), { error: friendlyIssueMessage });
  if (result.success) throw new Error("expected the form to be refused");
  return formFieldErrors(result.error);
}

describe("readHostForm", () => {
  it("reads the quick form as one '/' location to a backend URL with default options", () => {
    expect(parsedHost(QUICK)).toEqual({
      domains: ["app.example.com"],
      enabled: true,
      locations: [{ path: "/", action: { type: "proxy", backendUrl: "http://127.0.0.1:9001", stripPrefix: false } }],
      options: { maxBodyBytes: null, preserveHost: true, requestHeaders: [], responseHeaders: [], hideServerHeaders: false },
      tls: { mode: "off", forceHttps: false, hsts: null },
    });
  });

  it("reads unticked checkboxes as off", () => {
    const { enabled, "options.preserveHost": _preserve, ...rest } = QUICK;
    const host = parsedHost(rest);
    expect(host.enabled).toBe(false);
    expect(host.options.preserveHost).toBe(false);
  });

  it("reads every kind of location row, in row order, and the advanced options", () => {
    const host = parsedHost({
      domains: "shop.example.com, *.shop.example.com",
      "locations.0.path": "/",
      "locations.0.action.kind": "upstream",
      "locations.0.action.upstreamId": "up_pool",
      "locations.1.path": " /api ",
      "locations.1.action.kind": "backend",
      "locations.1.action.backendUrl": "http://10.0.0.7:8080",
      "locations.1.action.stripPrefix": "on",
      "locations.2.path": "/health",
      "locations.2.action.kind": "respond",
      "locations.2.action.status": "204",
      "locations.2.action.body": "",
      "locations.2.action.contentType": "",
      "locations.3.path": "/old",
      "locations.3.action.kind": "redirect",
      "locations.3.action.to": "https://new.example.com/",
      "locations.3.action.status": "301",
      "options.maxBodyBytes": "1.5",
      "options.requestHeaders.0.name": "X-Env",
      "options.requestHeaders.0.value": "prod",
      "options.responseHeaders.0.name": " Strict-Transport-Security ",
      "options.responseHeaders.0.value": "max-age=63072000",
      "options.hideServerHeaders": "on",
    });
    expect(host.domains).toEqual(["shop.example.com", "*.shop.example.com"]);
    expect(host.locations).toEqual([
      { path: "/", action: { type: "proxy", upstreamId: "up_pool", stripPrefix: false } },
      { path: "/api", action: { type: "proxy", backendUrl: "http://10.0.0.7:8080", stripPrefix: true } },
      { path: "/health", action: { type: "respond", status: 204, body: "", contentType: "text/plain; charset=utf-8" } },
      { path: "/old", action: { type: "redirect", status: 301, to: "https://new.example.com/", keepPath: false } },
    ]);
    expect(host.options).toEqual({
      maxBodyBytes: 1_572_864,
      preserveHost: false,
      requestHeaders: [{ name: "X-Env", value: "prod" }],
      responseHeaders: [{ name: "Strict-Transport-Security", value: "max-age=63072000" }],
      hideServerHeaders: true,
    });
    expect(bytesToMb(host.options.maxBodyBytes)).toBe("1.5");
  });

  it("reads a redirect host as its single '/' redirect location", () => {
    const host = parsedHost({
      domains: "old.example.com",
      "locations.0.path": "/",
      "locations.0.action.kind": "redirect",
      "locations.0.action.to": "https://new.example.com",
      "locations.0.action.status": "308",
      "locations.0.action.keepPath": "on",
      enabled: "on",
    });
    expect(host.locations).toEqual([{ path: "/", action: { type: "redirect", status: 308, to: "https://new.example.com", keepPath: true } }]);
  });

  it("sends each problem back to the field of its row", () => {
    const errors = hostErrors({
      domains: "app.example.com",
      "locations.0.path": "/",
      "locations.0.action.kind": "upstream",
      "locations.0.action.upstreamId": "",
      "locations.1.path": "/api",
      "locations.1.action.kind": "backend",
      "locations.1.action.backendUrl": "",
      "locations.2.path": "/x",
      "locations.2.action.kind": "respond",
      "locations.2.action.status": "two hundred",
      "locations.3.path": "/y",
      "locations.3.action.kind": "redirect",
      "locations.3.action.to": "somewhere",
      "locations.3.action.status": "308",
      "options.maxBodyBytes": "-1",
      "options.requestHeaders.0.name": "Bad Header",
      "options.requestHeaders.0.value": "x",
    });
    expect(errors).toEqual({
      "locations.0.action.upstreamId": ["This field is required."],
      "locations.1.action.backendUrl": ["Enter a full URL such as http://10.0.0.5:8080."],
      "locations.2.action.status": ["Enter a number."],
      "locations.3.action.to": ["Enter a full URL such as https://example.com."],
      "options.maxBodyBytes": ["Use 0 or more."],
      "options.requestHeaders.0.name": ["A header name uses letters, digits and -."],
    });
  });

  it("refuses an unknown row kind on the row itself", () => {
    const errors = hostErrors({ ...QUICK, "locations.0.action.kind": "teleport" });
    expect(errors).toEqual({ "locations.0.action": ["Choose one of proxy, respond, redirect."] });
  });
});

describe("readHostForm: the HTTPS section", () => {
  it("reads automatic HTTPS with the redirect and HSTS with its options", () => {
    const host = parsedHost({
      ...QUICK,
      "tls.mode": "automatic",
      "tls.certificateId": "cert_left_over_from_another_choice",
      "tls.forceHttps": "on",
      "tls.hsts.enabled": "on",
      "tls.hsts.maxAgeSeconds": "63072000",
      "tls.hsts.includeSubDomains": "on",
      "tls.hsts.preload": "on",
    });
    expect(host.tls).toEqual({ mode: "automatic", forceHttps: true, hsts: { maxAgeSeconds: 63_072_000, includeSubDomains: true, preload: true } });
  });

  it("reads a chosen certificate, and no HSTS options while HSTS is unticked", () => {
    const host = parsedHost({ ...QUICK, "tls.mode": "certificate", "tls.certificateId": "cert_1", "tls.hsts.maxAgeSeconds": "300", "tls.hsts.preload": "on" });
    expect(host.tls).toEqual({ mode: "certificate", certificateId: "cert_1", forceHttps: false, hsts: null });
  });

  it("asks for a certificate when 'Use a certificate' has none chosen", () => {
    expect(hostErrors({ ...QUICK, "tls.mode": "certificate", "tls.certificateId": "" })).toEqual({
      "tls.certificateId": ["Choose a certificate, or pick automatic HTTPS."],
    });
  });

  it("puts HSTS problems on their fields: a missing max-age, preload without its requirements", () => {
    expect(hostErrors({ ...QUICK, "tls.mode": "automatic", "tls.hsts.enabled": "on", "tls.hsts.maxAgeSeconds": "" })).toEqual({
      "tls.hsts.maxAgeSeconds": ["Enter a number."],
    });
    expect(hostErrors({ ...QUICK, "tls.mode": "automatic", "tls.hsts.enabled": "on", "tls.hsts.maxAgeSeconds": "300", "tls.hsts.preload": "on" })).toEqual({
      "tls.hsts.preload": ["Preload needs includeSubDomains and a max-age of at least one year (31536000 s)."],
    });
  });

  it("refuses automatic HTTPS for a wildcard domain on the HTTPS choice", () => {
    const errors = hostErrors({ ...QUICK, domains: "*.example.com", "tls.mode": "automatic" });
    expect(errors["tls.mode"]).toEqual([expect.stringContaining("upload a wildcard certificate")]);
  });
});
