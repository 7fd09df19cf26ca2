import { AppError } from "@gatehouse/shared";
import type { z } from "zod";

/**
 * Reads a column through the shared zod schema that wrote it. A row that no longer parses is a bug or
 * a hand edit: INTERNAL, naming the row, rather than a half-valid config reaching the proxies.
 */
export function parseColumn<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("INTERNAL", `${what} does not match its schema: ${result.error.message}`);
  return result.data;
}

/** A JSON text column; parsing it with its schema on read lets defaults added later apply to old rows. */
export function parseJsonColumn<T extends z.ZodType>(schema: T, text: string | null, what: string): z.output<T> {
  let value: unknown;
  try {
    value = text === null ? null : JSON.parse(text);
  } catch {
    throw new AppError("INTERNAL", `${what} is not valid JSON in the database.`);
  }
  return parseColumn(schema, value, what);
}
