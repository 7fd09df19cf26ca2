import { createHash } from "node:crypto";
import type { TSelectContext, TPoolTarget, TSelectionPolicy } from "./selection-policy.ts";
import { isEligible } from "./selection-policy.ts";
import { createWeightedRoundRobin } from "./weighted-round-robin.ts";

/**
 * The cookie's value for a target. Hashing the (unguessable) upstream id with the url keeps the
 * backend's address out of the browser — a plain hash of "http://10.0.0.5:8080" could be brute-forced
 * — while staying the same on every worker and node, so a client sticks wherever it lands.
 */
export function stickyIdOf(upstreamId: string, url: string): string {
  return createHash("sha256").update(`${upstreamId}\n${url}`).digest("base64url").slice(0, 22);
}

/** The value of cookie `name` in the request's Cookie fields (RFC 6265 §5.4: `a=1; b=2`), or undefined. */
export function readCookie(fields: readonly string[] | undefined, name: string): string | undefined {
  if (fields === undefined) return undefined;
  for (const field of fields) {
    let at = field.indexOf(name);
    while (at !== -1) {
      const startsPair = at === 0 || field.charCodeAt(at - 1) === 0x3b /* ; */ || field.charCodeAt(at - 1) === 0x20;
      if (startsPair && field.charCodeAt(at + name.length) === 0x3d /* = */) {
        const end = field.indexOf(";", at);
        return field.slice(at + name.length + 1, end === -1 ? field.length : end).trim();
      }
      at = field.indexOf(name, at + 1);
    }
  }
  return undefined;
}

/**
 * Sticky sessions: a request whose cookie names an available target goes there; anything else is
 * placed by smooth weighted round robin, and stickyCookieHeader tells the client where it landed.
 * A target that went down releases its clients, who are re-pinned on their next request.
 */
export function createCookiePolicy(targets: readonly TPoolTarget[], cookieName: string): TSelectionPolicy {
  const byStickyId = new Map(targets.map((target) => [target.stickyId, target]));
  const fallback = createWeightedRoundRobin(targets);
  return {
    select(context, tried) {
      const pinned = byStickyId.get(readCookie(context.cookies, cookieName) ?? "");
      if (pinned !== undefined && isEligible(pinned, tried)) return pinned;
      return fallback.select(context, tried);
    },
  };
}

/**
 * The Set-Cookie value that pins the client to `target`, or undefined when its cookie already does.
 * A session cookie (no Max-Age), like nginx's sticky cookie: it lasts as long as the browser session.
 */
export function stickyCookieHeader(cookieName: string, target: TPoolTarget, context: TSelectContext, secure: boolean): string | undefined {
  if (readCookie(context.cookies, cookieName) === target.stickyId) return undefined;
  return `${cookieName}=${target.stickyId}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}
