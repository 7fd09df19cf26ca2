import type { THostInputDraft } from "../src/hosts/org-hosts.ts";

/** The host form's quick case: every request for `domains` goes to one backend URL. */
export function backendHost(domains: string[], backendUrl = "http://10.0.0.5:8080", enabled = true): THostInputDraft {
  return { domains, enabled, locations: [{ path: "/", action: { type: "proxy", backendUrl } }] };
}

/** A host whose "/" location uses a shared upstream. */
export function upstreamHost(domains: string[], upstreamId: string): THostInputDraft {
  return { domains, locations: [{ path: "/", action: { type: "proxy", upstreamId } }] };
}
