import { z } from "zod";

// No node:net here: this file is part of the contract the web GUI also runs in the browser.
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 or 6 for an IP address (no zone id), else 0; IPv6 syntax is checked by the WHATWG URL parser. */
function ipFamily(address: string): 0 | 4 | 6 {
  if (IPV4.test(address)) return 4;
  if (!/^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/.test(address)) return 0;
  try {
    new URL(`http://[${address}]/`);
    return 6;
  } catch {
    return 0;
  }
}

/** An IPv4 or IPv6 CIDR such as 10.0.0.0/8 or fd00::/8; a bare address means a single host. */
export function cidrProblem(input: string): string | undefined {
  const [address, prefix, ...rest] = input.split("/");
  const family = ipFamily(address ?? "");
  if (family === 0 || rest.length > 0) return `"${input}" is not an IP address or CIDR range (for example 10.0.0.0/8).`;
  if (prefix === undefined) return undefined;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  if (!/^\d+$/.test(prefix) || bits > max) return `The prefix length in "${input}" must be 0 to ${max}.`;
  return undefined;
}

export const ZCidr = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
