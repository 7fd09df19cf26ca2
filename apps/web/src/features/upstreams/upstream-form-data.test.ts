import { ZUpstreamInput } from "@gatehouse/shared";
import { describe, expect, it } from "vitest";
import { formFieldErrors } from "@/lib/form-errors.ts";
import { friendlyIssueMessage } from "@/lib/issue-messages.ts";
import { formData } from "../../../test/form-data.ts";
import { readUpstreamForm } from "./upstream-form-data.ts";
import { upstreamFormValues } from "./upstream-form-values.ts";

// The new-upstream form as first shown (defaults filled in), with a name and two targets typed.
const NEW_FORM = {
  name: "api-servers",
  policy: "round-robin",
  stickyCookie: "gh_sticky",
  "targets.0.url": "http://127.0.0.1:9001",
  "targets.0.weight": "1",
  "targets.1.url": "http://127.0.0.1:9002",
  "targets.1.weight": "1",
  "healthCheck.path": "/",
  "healthCheck.intervalMs": "10",
  "healthCheck.timeoutMs": "2",
  "healthCheck.expectedStatus.0": "200",
  "healthCheck.expectedStatus.1": "399",
  "healthCheck.rise": "2",
  "healthCheck.fall": "3",
  "passiveHealth.maxFails": "3",
  "passiveHealth.windowMs": "10",
  "passiveHealth.cooldownMs": "30",
  "timeouts.connectMs": "5",
  "timeouts.responseHeadersMs": "60",
  "timeouts.idleMs": "60",
  retries: "1",
  "tls.verify": "on",
  "tls.serverName": "",
};

function upstreamErrors(entries: Record<string, string>) {
  const result = ZUpstreamInput.safeParse(readUpstreamForm(formData(entries)), { error: friendlyIssueMessage });
  if (result.success) throw new Error("expected the form to be refused");
  return formFieldErrors(result.error);
}

describe("readUpstreamForm", () => {
  it("stores exactly the schema defaults when the new form is saved as shown", () => {
    const fromForm = ZUpstreamInput.parse(readUpstreamForm(formData(NEW_FORM)));
    const fromDefaults = ZUpstreamInput.parse({ name: "api-servers", targets: [{ url: "http://127.0.0.1:9001" }, { url: "http://127.0.0.1:9002" }] });
    expect(fromForm).toEqual(fromDefaults);
    expect(fromForm.healthCheck).toBeNull();
  });

  it("reads targets with weights and backups, an active check, seconds as milliseconds and TLS options", () => {
    const upstream = ZUpstreamInput.parse(
      readUpstreamForm(
        formData({
          ...NEW_FORM,
          policy: "cookie",
          stickyCookie: "route",
          "targets.1.weight": "5",
          "targets.2.url": "https://10.0.0.9",
          "targets.2.weight": "",
          "targets.2.backup": "on",
          "healthCheck.enabled": "on",
          "healthCheck.path": "/healthz",
          "healthCheck.intervalMs": "2.5",
          "healthCheck.timeoutMs": "0.5",
          "healthCheck.expectedStatus.1": "204",
          "timeouts.idleMs": "120",
          retries: "0",
          "tls.verify": "",
          "tls.serverName": "api.internal",
        }),
      ),
    );
    expect(upstream.policy).toBe("cookie");
    expect(upstream.stickyCookie).toBe("route");
    expect(upstream.targets).toEqual([
      { url: "http://127.0.0.1:9001", weight: 1, backup: false },
      { url: "http://127.0.0.1:9002", weight: 5, backup: false },
      { url: "https://10.0.0.9", weight: 1, backup: true },
    ]);
    expect(upstream.healthCheck).toEqual({ path: "/healthz", intervalMs: 2500, timeoutMs: 500, expectedStatus: [200, 204], rise: 2, fall: 3 });
    expect(upstream.timeouts.idleMs).toBe(120_000);
    expect(upstream.retries).toBe(0);
    // An unticked checkbox is absent from a real submission; "" is what a stale value would look like.
    expect(upstream.tls).toEqual({ verify: false, serverName: "api.internal" });
  });

  it("sends each problem back to its field, with limits in the unit the user typed", () => {
    const errors = upstreamErrors({
      ...NEW_FORM,
      name: "",
      policy: "fastest",
      "targets.1.url": "10.0.0.5:8080",
      "targets.1.weight": "0",
      "healthCheck.enabled": "on",
      "healthCheck.intervalMs": "0.5",
      "healthCheck.expectedStatus.1": "9999",
      "timeouts.connectMs": "soon",
    });
    expect(errors).toEqual({
      name: ["Name the upstream, for example api-servers.", "Use letters, digits, spaces, dots, dashes and underscores."],
      policy: ["Choose one of round-robin, least-connections, random-two, ip-hash, cookie."],
      "targets.1.url": ["Enter a full URL such as http://10.0.0.5:8080."],
      "targets.1.weight": ["Use 1 or more."],
      "healthCheck.intervalMs": ["Use 1 s or more."],
      "healthCheck.expectedStatus.1": ["Use 599 or less."],
      "timeouts.connectMs": ["Enter a number."],
    });
  });

  it("puts problems with the target list as a whole under the list", () => {
    const errors = upstreamErrors({ ...NEW_FORM, "targets.1.url": "http://127.0.0.1:9001/", "targets.0.backup": "on", "targets.1.backup": "on" });
    expect(errors.targets?.sort()).toEqual(["A target is listed twice.", "An upstream needs at least one target that is not a backup."]);
  });
});

describe("upstreamFormValues", () => {
  it("shows a stored upstream in the form's units", () => {
    const stored = ZUpstreamInput.parse({
      name: "api",
      targets: [{ url: "http://10.0.0.1:80", weight: 3, backup: true }, { url: "http://10.0.0.2:80" }],
      healthCheck: { path: "/up", intervalMs: 1500 },
      timeouts: { connectMs: 250 },
    });
    const values = upstreamFormValues({ ...stored, id: "u1", hostCount: 0, revision: 1, createdAt: new Date(), updatedAt: new Date() });
    expect(values.targets).toEqual([
      { url: "http://10.0.0.1", weight: "3", backup: true },
      { url: "http://10.0.0.2", weight: "1", backup: false },
    ]);
    expect(values.healthCheck).toMatchObject({ enabled: true, path: "/up", intervalS: "1.5", statusFrom: "200", statusTo: "399" });
    expect(values.timeouts.connectS).toBe("0.25");
  });
});
