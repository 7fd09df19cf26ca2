import type { IncomingHttpHeaders } from "node:http";

/**
 * Header fields keyed by lower-case name. Each name keeps every value it arrived with, in order, so
 * repeated fields (Set-Cookie, Via, ...) survive a pass unchanged instead of being joined.
 */
export type THeaderFields = Map<string, string[]>;

/** From Node's `req.headersDistinct`, which already lower-cases names and never joins values. */
export function headerFieldsFromDistinct(headers: NodeJS.Dict<string[]>): THeaderFields {
  const fields: THeaderFields = new Map();
  for (const [name, values] of Object.entries(headers)) {
    if (values !== undefined && values.length > 0) fields.set(name, [...values]);
  }
  return fields;
}

/** From undici's response headers: lower-case names, a string or an array for repeated fields. */
export function headerFieldsFromResponse(headers: IncomingHttpHeaders): THeaderFields {
  const fields: THeaderFields = new Map();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    fields.set(name.toLowerCase(), Array.isArray(value) ? [...value] : [value]);
  }
  return fields;
}

/** `[name, value, name, value, ...]`: the one shape both undici and `res.writeHead` accept with repeats. */
export function toFlatHeaderList(fields: THeaderFields): string[] {
  const flat: string[] = [];
  for (const [name, values] of fields) {
    for (const value of values) flat.push(name, value);
  }
  return flat;
}

/** Comma-separated tokens of a list-valued field (RFC 9110 §5.6.1), lower-cased, empties dropped. */
export function listTokens(fields: THeaderFields, name: string): string[] {
  const tokens: string[] = [];
  for (const value of fields.get(name) ?? []) {
    for (const token of value.split(",")) {
      const trimmed = token.trim().toLowerCase();
      if (trimmed.length > 0) tokens.push(trimmed);
    }
  }
  return tokens;
}
