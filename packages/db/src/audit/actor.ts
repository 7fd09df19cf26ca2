/**
 * Who makes a change, as the audit log records it. Every org-scoped write takes one: a signed-in user
 * (from the session), an API token (with the user who created it), or Gatehouse itself (ACME renewals,
 * migrations). `label` is kept as written at the time, so an entry stays readable after the user or
 * token is gone.
 */
export type TActor = {
  userId: string | null;
  tokenId: string | null;
  label: string;
  /** The client address the web layer saw (X-Forwarded-For only from trusted proxies). */
  ip: string | null;
};

export const SYSTEM_ACTOR: TActor = { userId: null, tokenId: null, label: "Gatehouse", ip: null };
