import { AUDIT_TARGET_KINDS, type TAuditFilter } from "@gatehouse/db";
import { z } from "zod";

export const AUDIT_PAGE_SIZE = 25;

const DAY_MS = 24 * 60 * 60_000;

/** A yyyy-mm-dd day from a date input, read as a UTC day (the page shows times in UTC). */
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).transform((day) => new Date(`${day}T00:00:00Z`)).refine((date) => !Number.isNaN(date.getTime()));

// Each parameter on its own: a hand-edited URL with one bad value still shows the rest filtered.
const PARAMS = {
  scope: z.enum(["organization", "instance"]),
  person: z.string().min(1).max(200),
  kind: z.enum(AUDIT_TARGET_KINDS),
  from: ZDay,
  to: ZDay,
  cursor: z.string().min(1).max(100),
} as const;

type TParam = keyof typeof PARAMS;
export type TAuditSearch = { [K in TParam]?: z.output<(typeof PARAMS)[K]> } & {
  /** What the filter form shows back, as typed (only the values that were understood). */
  values: Partial<Record<Exclude<TParam, "cursor">, string>>;
};

/** The audit page's URL search params, understood; anything malformed is left out rather than refused. */
export function parseAuditSearch(params: Record<string, string | string[] | undefined>): TAuditSearch {
  const search: TAuditSearch = { values: {} };
  for (const name of Object.keys(PARAMS) as TParam[]) {
    const raw = params[name];
    const result = PARAMS[name].safeParse(Array.isArray(raw) ? raw[0] : raw);
    if (!result.success) continue;
    Object.assign(search, { [name]: result.data });
    if (name !== "cursor") search.values[name] = String(Array.isArray(raw) ? raw[0] : raw);
  }
  return search;
}

/** The listing's filter: "to" names the last day shown, so the range ends when that day does. */
export function auditFilterOf(search: TAuditSearch): TAuditFilter {
  return {
    limit: AUDIT_PAGE_SIZE,
    ...(search.person === undefined ? {} : { actorUserId: search.person }),
    ...(search.kind === undefined ? {} : { kind: search.kind }),
    ...(search.from === undefined ? {} : { from: search.from }),
    ...(search.to === undefined ? {} : { to: new Date(search.to.getTime() + DAY_MS) }),
    ...(search.cursor === undefined ? {} : { cursor: search.cursor }),
  };
}

/** The URL of the same listing (at `auditPath`, the organization's audit page) with `changes` applied (undefined removes a parameter). */
export function auditHref(auditPath: string, search: TAuditSearch, changes: Partial<Record<TParam, string | undefined>>): string {
  const params = new URLSearchParams();
  const merged: Partial<Record<TParam, string | undefined>> = { ...search.values, ...(search.cursor ? { cursor: search.cursor } : {}), ...changes };
  for (const [name, value] of Object.entries(merged)) if (value) params.set(name, value);
  const query = params.toString();
  return query ? `${auditPath}?${query}` : auditPath;
}
