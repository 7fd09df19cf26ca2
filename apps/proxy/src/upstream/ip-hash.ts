import { isEligible, type TPoolTarget, type TSelectionPolicy } from "./selection-policy.ts";

// Points on the ring per unit of weight, and a cap on the ring's size for large weights: about 100
// points per target keep every target's share within a few percent of its weight.
const POINTS_PER_WEIGHT = 100;
const MAX_POINTS = 20_000;

/**
 * Consistent hashing on the client address: each target owns points on a 32-bit ring (by weight)
 * and a client goes to the owner of the first point at or after its hash. Adding a target takes
 * over only the arcs before its own points, so about 1/N of clients move, and a target that is
 * down hands its clients to the next owners on the ring while everyone else stays put.
 */
export function createIpHash(targets: readonly TPoolTarget[]): TSelectionPolicy {
  const ring = buildRing(targets);
  return {
    select(context, tried) {
      const { hashes, owners } = ring;
      let index = firstAtOrAfter(hashes, hash32(context.clientAddress ?? ""));
      for (let step = 0; step < hashes.length; step++) {
        const target = targets[owners[index]!]!;
        if (isEligible(target, tried)) return target;
        index = index + 1 === hashes.length ? 0 : index + 1;
      }
      return undefined;
    },
  };
}

interface TRing {
  readonly hashes: Uint32Array;
  /** Index into targets of each point's owner. */
  readonly owners: Uint32Array;
}

function buildRing(targets: readonly TPoolTarget[]): TRing {
  const totalWeight = targets.reduce((sum, target) => sum + target.weight, 0);
  const perWeight = Math.max(1, Math.min(POINTS_PER_WEIGHT, Math.floor(MAX_POINTS / totalWeight)));
  const points: Array<{ hash: number; owner: number }> = [];
  targets.forEach((target, owner) => {
    // Points come from the url alone, so a target keeps its arcs whatever else joins or leaves.
    for (let i = 0; i < target.weight * perWeight; i++) points.push({ hash: hash32(`${target.url}#${i}`), owner });
  });
  points.sort((a, b) => a.hash - b.hash);
  return { hashes: Uint32Array.from(points, (p) => p.hash), owners: Uint32Array.from(points, (p) => p.owner) };
}

/** Index of the first hash >= key, wrapping to 0 past the end. */
function firstAtOrAfter(hashes: Uint32Array, key: number): number {
  let low = 0;
  let high = hashes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (hashes[mid]! < key) low = mid + 1;
    else high = mid;
  }
  return low === hashes.length ? 0 : low;
}

/** FNV-1a with murmur3's finalizer: fast on short strings, and close addresses land far apart. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
