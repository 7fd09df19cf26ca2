import type { TRequestPass } from "./header-pass.ts";

/**
 * Node's server already answered `Expect: 100-continue` (or 417 for anything else) on the client
 * connection, so the expectation is settled on this hop; undici also refuses to send the field.
 */
export const expectPass: TRequestPass = {
  name: "expect",
  apply(fields) {
    fields.delete("expect");
  },
};
