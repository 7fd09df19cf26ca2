import { splitDomains, ZHostInput } from "@gatehouse/shared";
import { z } from "zod";
import { formReader, type TFormReader } from "@/lib/form-reader.ts";
import { BYTES_PER_MB } from "./host-form-values.ts";

export const ZHostId = z.string().trim().min(1, "Missing host id.").max(64);

export const ZHostUpdate = ZHostInput.extend({ id: ZHostId });
export const ZHostRef = z.object({ id: ZHostId });
export const ZHostEnabled = z.object({ id: ZHostId, enabled: z.enum(["true", "false"]).transform((value) => value === "true") });

function readAction(form: TFormReader, row: string) {
  const field = (name: string) => `${row}.action.${name}`;
  const kind = form.text(field("kind"));
  switch (kind) {
    // Exactly one of backendUrl and upstreamId is sent, so an empty choice is reported on its own field.
    case "backend":
      return { type: "proxy", backendUrl: form.text(field("backendUrl")), stripPrefix: form.checked(field("stripPrefix")) };
    case "upstream":
      return { type: "proxy", upstreamId: form.text(field("upstreamId")), stripPrefix: form.checked(field("stripPrefix")) };
    case "respond":
      return {
        type: "respond",
        status: form.number(field("status")),
        body: form.text(field("body")),
        contentType: form.optionalText(field("contentType")),
      };
    case "redirect":
      return { type: "redirect", status: form.number(field("status")), to: form.text(field("to")).trim(), keepPath: form.checked(field("keepPath")) };
    default:
      return { type: kind };
  }
}

function readHeaderRows(form: TFormReader, list: string) {
  return form.rows(list).map((row) => ({ name: form.text(`${row}.name`).trim(), value: form.text(`${row}.value`) }));
}

/**
 * The HTTPS section. Its fields are disabled (so not sent) while HTTPS is off, which reads as off,
 * no redirect and no HSTS; HSTS options count only when HSTS is ticked.
 */
function readTls(form: TFormReader) {
  const mode = form.optionalText("tls.mode");
  return {
    mode,
    certificateId: mode === "certificate" ? form.optionalText("tls.certificateId") : undefined,
    forceHttps: form.checked("tls.forceHttps"),
    hsts: form.checked("tls.hsts.enabled")
      ? {
          maxAgeSeconds: form.number("tls.hsts.maxAgeSeconds"),
          includeSubDomains: form.checked("tls.hsts.includeSubDomains"),
          preload: form.checked("tls.hsts.preload"),
        }
      : null,
  };
}

/**
 * The host form shaped for ZHostInput. Field names are the input's paths (`locations.1.action.to`), so
 * errors come back to the right field; a redirect host's fields are the "/" location's.
 */
export function readHostForm(formData: FormData) {
  const form = formReader(formData);
  const maxBodyMb = form.number("options.maxBodyBytes");
  return {
    id: form.optionalText("id"),
    domains: splitDomains(form.text("domains")),
    enabled: form.checked("enabled"),
    locations: form.rows("locations").map((row) => ({ path: form.text(`${row}.path`).trim(), action: readAction(form, row) })),
    options: {
      maxBodyBytes: maxBodyMb === undefined ? null : Math.round(maxBodyMb * BYTES_PER_MB),
      preserveHost: form.checked("options.preserveHost"),
      requestHeaders: readHeaderRows(form, "options.requestHeaders"),
      responseHeaders: readHeaderRows(form, "options.responseHeaders"),
      hideServerHeaders: form.checked("options.hideServerHeaders"),
    },
    tls: readTls(form),
  };
}
