import type { ServerResponse } from "node:http";

/**
 * Every way the proxy itself answers a request instead of the backend: one code, one status, one
 * page. `explain` gets the normalized host when there is one; it is escaped before it reaches HTML.
 */
export const PROXY_ERRORS = {
  BAD_HOST: {
    status: 400,
    title: "Bad request",
    explain: () => "The request has no usable Host header, so there is no site to send it to.",
  },
  BAD_REQUEST_TARGET: {
    status: 400,
    title: "Bad request",
    explain: () => "The request target must be a path such as /index.html or an absolute http(s) URL.",
  },
  // Edge protections (request-guard.ts, limits/, websocket.ts). The proxy closes the connection
  // after each of these: the rest of what the client sends cannot be trusted or is not wanted.
  AMBIGUOUS_REQUEST: {
    status: 400,
    title: "Bad request",
    explain: () => "The request could be read in more than one way (its framing, Host or path), so it was not forwarded.",
  },
  UPGRADE_REFUSED: {
    status: 400,
    title: "Bad request",
    explain: () => "Only WebSocket upgrades (Upgrade: websocket, without a request body) are forwarded.",
  },
  BODY_TIMEOUT: {
    status: 408,
    title: "Request timeout",
    explain: () => "The request body stopped arriving before it was complete.",
  },
  BODY_TOO_LARGE: {
    status: 413,
    title: "Content too large",
    explain: (host?: string) => `The request body is larger than ${host ?? "this site"} accepts.`,
  },
  TOO_MANY_CONNECTIONS: {
    status: 503,
    title: "Too many connections",
    explain: () => "Your address has too many open connections to this server. Close some and try again.",
  },
  UNKNOWN_HOST: {
    status: 404,
    title: "Site not found",
    explain: (host?: string) => `No site is configured for ${host ?? "this address"}.`,
  },
  NO_LOCATION: {
    status: 404,
    title: "Not found",
    explain: (host?: string) => `${host ?? "This site"} has nothing configured at this path.`,
  },
  INTERNAL: {
    status: 500,
    title: "Internal error",
    explain: () => "The proxy failed while handling this request. The details are in its log.",
  },
  UPSTREAM_UNREACHABLE: {
    status: 502,
    title: "Bad gateway",
    explain: (host?: string) =>
      `The server behind ${host ?? "this site"} could not be reached or did not answer properly. Try again in a moment.`,
  },
  UPSTREAM_UNAVAILABLE: {
    status: 503,
    title: "Service unavailable",
    explain: (host?: string) =>
      `Every server behind ${host ?? "this site"} is down right now. Try again in a moment.`,
  },
  UPSTREAM_TIMEOUT: {
    status: 504,
    title: "Gateway timeout",
    explain: (host?: string) => `The server behind ${host ?? "this site"} did not answer in time. Try again in a moment.`,
  },
} as const satisfies Record<string, { status: number; title: string; explain: (host?: string) => string }>;

export type TProxyErrorCode = keyof typeof PROXY_ERRORS;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

export function renderErrorPage(code: TProxyErrorCode, host?: string): { status: number; html: string } {
  const error = PROXY_ERRORS[code];
  const title = `${error.status} ${error.title}`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;color:#1f2933;max-width:36rem;margin:15vh auto;padding:0 1rem}h1{font-size:1.5rem}p.code{color:#7b8794;font-size:.875rem}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(error.explain(host))}</p><p class="code">Gatehouse · ${code}</p></body></html>
`;
  return { status: error.status, html };
}

/** Answers with the error page unless the response has already started (then only the socket can signal it). */
export function sendProxyError(res: ServerResponse, code: TProxyErrorCode, host?: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, html } = renderErrorPage(code, host);
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(html);
}
