/** One field that differs between an entry's before and after, by its dotted path (e.g. "tls.mode", "domains"). */
export type TFieldChange = { path: string; before: string | null; after: string | null };

type TJson = null | boolean | number | string | TJson[] | { [key: string]: TJson };

const isObject = (value: unknown): value is Record<string, TJson> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A leaf value as one line; a list of plain values reads as "a, b" rather than JSON. */
function show(value: TJson | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) && value.every((item) => typeof item !== "object" || item === null)) return value.map(String).join(", ") || "(none)";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

// Objects are walked into, so a change shows as the field that changed; lists of objects (locations,
// targets) are walked by position, which reads well for the short lists a host or pool has.
function collect(path: string, before: TJson | undefined, after: TJson | undefined, changes: TFieldChange[]): void {
  if (isObject(before) || isObject(after)) {
    const left = isObject(before) ? before : {};
    const right = isObject(after) ? after : {};
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) collect(path ? `${path}.${key}` : key, left[key], right[key], changes);
    return;
  }
  const objectList = (value: TJson | undefined) => Array.isArray(value) && value.some((item) => typeof item === "object" && item !== null);
  if (objectList(before) || objectList(after)) {
    const left = Array.isArray(before) ? before : [];
    const right = Array.isArray(after) ? after : [];
    for (let index = 0; index < Math.max(left.length, right.length); index += 1) collect(`${path}[${index + 1}]`, left[index], right[index], changes);
    return;
  }
  const shownBefore = show(before);
  const shownAfter = show(after);
  if (shownBefore !== shownAfter) changes.push({ path, before: shownBefore, after: shownAfter });
}

/**
 * The fields an audit entry changed, for people: a creation lists every field with no "before", a
 * deletion every field with no "after", an update only what differs.
 */
export function auditDiff(before: unknown, after: unknown): TFieldChange[] {
  const changes: TFieldChange[] = [];
  collect("", (before ?? null) as TJson, (after ?? null) as TJson, changes);
  return changes;
}
