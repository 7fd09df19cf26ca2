import { expectPass } from "./expect.ts";
import { dropClientForwardingPass, xForwardedPass } from "./forwarded.ts";
import type { THeaderFields } from "./header-fields.ts";
import type { TForwardContext, TRequestPass, TResponsePass } from "./header-pass.ts";
import { hopByHopPass } from "./hop-by-hop.ts";
import { preserveHostPass } from "./host.ts";

// Order matters: hop-by-hop removal first, so a Connection-nominated field cannot delete what later
// passes add; Host last, so nothing after it can change what the backend sees.
export const REQUEST_PASSES: readonly TRequestPass[] = [
  hopByHopPass,
  expectPass,
  dropClientForwardingPass,
  xForwardedPass,
  preserveHostPass,
];

export const RESPONSE_PASSES: readonly TResponsePass[] = [hopByHopPass];

export function applyRequestPasses(fields: THeaderFields, context: TForwardContext): THeaderFields {
  for (const pass of REQUEST_PASSES) pass.apply(fields, context);
  return fields;
}

export function applyResponsePasses(fields: THeaderFields): THeaderFields {
  for (const pass of RESPONSE_PASSES) pass.apply(fields);
  return fields;
}
