/**
 * Where to go after signing in, from a `next` query parameter. Only a path on this site: it must start
 * with one "/" (not "//" or "/\", which browsers read as another host), so a crafted sign-in link
 * cannot send someone to a look-alike site after they typed their password.
 */
export function safeNextPath(next: unknown): string | null {
  if (typeof next !== "string" || next.length > 2048) return null;
  if (!next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  // Control characters (a tab or newline inside "/\t/evil.example") are stripped by URL parsers.
  if (/[\u0000-\u001f\u007f]/.test(next)) return null;
  return next;
}
