import { AppError } from "@gatehouse/shared";

/**
 * The text of a failure from acme-client or its HTTP client: acme-client already reduces an ACME
 * problem document to its `detail`; a network failure (refused, timed out, untrusted certificate)
 * comes as the socket error's message.
 */
export function problemDetail(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().replace(/\.+$/, "") || "no detail given";
}

/**
 * Runs one stage of an order. A failure becomes an AppError whose message is what the host page and
 * the audit trail show: the CA's own words plus what to check, written by `explain`.
 */
export async function inStage<T>(explain: (detail: string) => string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new AppError("EXTERNAL_SERVICE", explain(problemDetail(error)));
  }
}

/** How the GUI names the CA: the directory's host (e.g. acme-v02.api.letsencrypt.org). */
export function caName(directoryUrl: string): string {
  return new URL(directoryUrl).host;
}

export const explainFailure = {
  noAccount: () =>
    "No ACME account is set up. Enter an account email and a directory (Let's Encrypt or your own CA) under Settings → ACME account, then retry the order.",
  account: (directoryUrl: string, withEab: boolean) => (detail: string) =>
    `Registering the ACME account with ${directoryUrl} failed: ${detail}. Check the account email` +
    `${withEab ? ", the External Account Binding key ID and HMAC key" : ""} and the directory URL under Settings → ACME account, ` +
    "and that this server can reach the directory over HTTPS.",
  wildcard: (domain: string) =>
    `${domain} is a wildcard name, which CAs validate only with a DNS-01 challenge; Gatehouse validates with HTTP-01. ` +
    "Upload a certificate for it, or list the names the host serves without a wildcard.",
  order: (ca: string, domains: string[]) => (detail: string) =>
    `${ca} refused an order for ${domains.join(", ")}: ${detail}. Check that these are public DNS names you control ` +
    "and that the CA's rate limits allow another order.",
  noHttpChallenge: (ca: string, domain: string, offered: string[]) =>
    `${ca} offered no HTTP-01 challenge for ${domain} (it offered: ${offered.join(", ") || "none"}). ` +
    "Upload a certificate for this name, or use a CA that validates over HTTP.",
  validation: (ca: string, domain: string, token: string) => (detail: string) =>
    `${ca} could not validate http://${domain}/.well-known/acme-challenge/${token}: ${detail}. ` +
    `Check that ${domain} points at this proxy (its DNS A/AAAA records) and that port 80 is open to the internet.`,
  finalize: (ca: string, domains: string[]) => (detail: string) =>
    `${ca} validated ${domains.join(", ")} but did not issue the certificate: ${detail}. The order is retried automatically.`,
  unexpected: (detail: string) =>
    `The order stopped on an unexpected error: ${detail}. It is retried automatically; the web server's log has the details.`,
};
