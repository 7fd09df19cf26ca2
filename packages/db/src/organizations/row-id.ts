import { randomBytes } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
// The largest multiple of 62 below 256: bytes at or above it are dropped so every letter is equally likely.
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/**
 * An id for the rows better-auth also writes (organization, member, invitation), of the same kind as
 * its own `generateId()`: 32 random characters from [a-zA-Z0-9]. Rows Gatehouse writes itself then
 * look like the ones better-auth writes, whichever created them.
 */
export function generateRowId(length = 32): string {
  let id = "";
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % ALPHABET.length];
      if (id.length === length) break;
    }
  }
  return id;
}
