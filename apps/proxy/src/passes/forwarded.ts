import type { TRequestPass } from "./header-pass.ts";

/**
 * Until trusted-proxy CIDRs exist, nothing a client says about earlier hops can be believed: a
 * backend that logs or rate-limits by X-Forwarded-For would otherwise take the client's word for
 * its own address. `Forwarded` (RFC 7239) and `X-Real-IP` carry the same claim under other names.
 */
export const dropClientForwardingPass: TRequestPass = {
  name: "drop-client-forwarding",
  apply(fields) {
    for (const name of [...fields.keys()]) {
      if (name.startsWith("x-forwarded-") || name === "forwarded" || name === "x-real-ip") fields.delete(name);
    }
  },
};

/** Tells the backend who the client is and what it asked for, as the de-facto X-Forwarded-* trio. */
export const xForwardedPass: TRequestPass = {
  name: "x-forwarded",
  apply(fields, context) {
    if (context.clientAddress !== undefined) fields.set("x-forwarded-for", [context.clientAddress]);
    fields.set("x-forwarded-proto", [context.scheme]);
    fields.set("x-forwarded-host", [context.host]);
  },
};
