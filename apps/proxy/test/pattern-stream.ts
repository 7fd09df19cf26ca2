import { createHash } from "node:crypto";

const CHUNK_BYTES = 64 * 1024;

/**
 * A reproducible byte stream of any length, generated chunk by chunk so neither side ever holds it
 * whole. Every chunk differs (its index is stamped in), so a dropped or repeated chunk changes the hash.
 */
export function* patternChunks(totalBytes: number, seed: string): Generator<Buffer> {
  const base = Buffer.alloc(CHUNK_BYTES);
  for (let offset = 0; offset < CHUNK_BYTES; offset += 32) {
    createHash("sha256").update(`${seed}:${offset}`).digest().copy(base, offset);
  }
  for (let index = 0, sent = 0; sent < totalBytes; index += 1) {
    const chunk = Buffer.from(base.subarray(0, Math.min(CHUNK_BYTES, totalBytes - sent)));
    chunk.writeUInt32BE(index, 0);
    sent += chunk.length;
    yield chunk;
  }
}

export function patternSha256(totalBytes: number, seed: string): string {
  const hash = createHash("sha256");
  for (const chunk of patternChunks(totalBytes, seed)) hash.update(chunk);
  return hash.digest("hex");
}

/** Hashes a stream as it flows, returning the digest and byte count. */
export async function sha256OfStream(stream: AsyncIterable<Buffer | Uint8Array>): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest("hex"), bytes };
}
