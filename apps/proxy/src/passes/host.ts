import type { TRequestPass } from "./header-pass.ts";

/**
 * The backend sees the Host the client asked for, not the target's address, so virtual hosts,
 * absolute links and cookies on the backend keep working. Set last and exactly once: a client that
 * lists `host` in Connection, or sends two Host fields, cannot change what is forwarded.
 */
export const preserveHostPass: TRequestPass = {
  name: "preserve-host",
  apply(fields, context) {
    fields.set("host", [context.host]);
  },
};
