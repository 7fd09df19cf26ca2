/** A URL-safe slug for an organization name ("Acme Ops" -> "acme-ops"): only a-z, 0-9 and inner hyphens. */
export function organizationSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    // NFKD splits "é" into "e" and a combining accent: drop the accents, or "Über" would read "u-ber".
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return slug || "organization";
}

/** The first of `base`, `base-2`, `base-3`, ... that is not in `taken`. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
