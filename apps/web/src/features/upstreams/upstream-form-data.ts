import { ZUpstreamInput } from "@gatehouse/shared";
import { z } from "zod";
import { formReader } from "@/lib/form-reader.ts";

export const ZUpstreamId = z.string().trim().min(1, "Missing upstream id.").max(64);
export const ZUpstreamUpdate = ZUpstreamInput.extend({ id: ZUpstreamId });
export const ZUpstreamRef = z.object({ id: ZUpstreamId });

/**
 * The upstream form shaped for ZUpstreamInput. Field names are the input's paths; durations are typed
 * in seconds and sent in milliseconds. An unticked active health check sends null (no checks).
 */
export function readUpstreamForm(formData: FormData) {
  const form = formReader(formData);
  const statusRange = [form.number("healthCheck.expectedStatus.0"), form.number("healthCheck.expectedStatus.1")];
  return {
    id: form.optionalText("id"),
    name: form.text("name"),
    policy: form.text("policy"),
    stickyCookie: form.optionalText("stickyCookie"),
    targets: form.rows("targets").map((row) => ({
      url: form.text(`${row}.url`),
      weight: form.number(`${row}.weight`),
      backup: form.checked(`${row}.backup`),
    })),
    healthCheck: form.checked("healthCheck.enabled")
      ? {
          path: form.text("healthCheck.path").trim(),
          intervalMs: form.seconds("healthCheck.intervalMs"),
          timeoutMs: form.seconds("healthCheck.timeoutMs"),
          expectedStatus: statusRange.every((status) => status === undefined) ? undefined : statusRange,
          rise: form.number("healthCheck.rise"),
          fall: form.number("healthCheck.fall"),
        }
      : null,
    passiveHealth: {
      maxFails: form.number("passiveHealth.maxFails"),
      windowMs: form.seconds("passiveHealth.windowMs"),
      cooldownMs: form.seconds("passiveHealth.cooldownMs"),
    },
    timeouts: {
      connectMs: form.seconds("timeouts.connectMs"),
      responseHeadersMs: form.seconds("timeouts.responseHeadersMs"),
      idleMs: form.seconds("timeouts.idleMs"),
    },
    retries: form.number("retries"),
    tls: { verify: form.checked("tls.verify"), serverName: form.optionalText("tls.serverName") },
  };
}
