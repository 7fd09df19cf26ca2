import type { ServerResponse } from "node:http";

/**
 * Force-HTTPS: 308 (RFC 9110 §15.4.9) so a POST stays a POST, to the same host, path and query on
 * the public HTTPS port (left out when it is 443). `host` is the normalized routing name (no port,
 * lower-case), never the raw Host value, so a crafted Host cannot steer the Location elsewhere.
 */
export function sendHttpsRedirect(res: ServerResponse, host: string, publicHttpsPort: number, pathAndQuery: string): void {
  res.writeHead(308, ["Location", httpsLocation(host, publicHttpsPort, pathAndQuery), "Content-Length", "0"]);
  res.end();
}

export function httpsLocation(host: string, publicHttpsPort: number, pathAndQuery: string): string {
  const port = publicHttpsPort === 443 ? "" : `:${publicHttpsPort}`;
  return `https://${host}${port}${pathAndQuery}`;
}
