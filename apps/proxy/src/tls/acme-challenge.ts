import type { ServerResponse } from "node:http";
import type { TAcmeChallengeToken } from "@gatehouse/shared";

const CHALLENGE_PREFIX = "/.well-known/acme-challenge/";

/** token -> key authorization, from the snapshot. */
export type TAcmeChallenges = ReadonlyMap<string, string>;

export function compileAcmeChallenges(tokens: readonly TAcmeChallengeToken[]): TAcmeChallenges {
  return new Map(tokens.map((challenge) => [challenge.token, challenge.keyAuthorization]));
}

/**
 * RFC 8555 §8.3: the CA fetches http://<domain>/.well-known/acme-challenge/<token> on port 80 and
 * expects the key authorization. Answered for any Host (the CA asks for a name before it has a
 * certificate, and possibly before its host is enabled) and before force-HTTPS, whose redirect the
 * CA would follow to a certificate that does not exist yet. Every node answers from its snapshot,
 * so it does not matter which one the CA's request reaches. Returns false for other paths.
 */
export function answerAcmeChallenge(res: ServerResponse, challenges: TAcmeChallenges, pathAndQuery: string): boolean {
  if (!pathAndQuery.startsWith(CHALLENGE_PREFIX)) return false;
  const query = pathAndQuery.indexOf("?");
  const token = pathAndQuery.slice(CHALLENGE_PREFIX.length, query === -1 ? undefined : query);
  const keyAuthorization = challenges.get(token);
  const [status, body] = keyAuthorization === undefined ? [404, "No ACME challenge is pending for this token.\n"] : [200, keyAuthorization];
  res.writeHead(status, ["Content-Type", "text/plain; charset=utf-8", "Content-Length", String(Buffer.byteLength(body)), "Cache-Control", "no-store"]);
  res.end(body);
  return true;
}
