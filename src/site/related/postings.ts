/**
 * Inverted lists (key → bulletins) in date order, flat: list k is `rank[start[k]]` to
 * `rank[start[k + 1] - 1]`, ascending. Bulletins are numbered by rank, newest first (see
 * `canonicalOrder` in index.ts). Only bulletins that may appear in others' lists are entered.
 */
export interface Postings {
  start: Int32Array;
  rank: Int32Array;
}

/**
 * Builds the lists. `keysOf(rank, emit)` calls `emit(key)` for each key of a bulletin (each key once);
 * bulletins are visited in rank order so every list comes out sorted without a sort.
 */
export function buildPostings(
  keyCount: number,
  eligible: readonly boolean[],
  keysOf: (rank: number, emit: (key: number) => void) => void,
): Postings {
  const start = new Int32Array(keyCount + 1);
  const visitEligible = (emit: (key: number, r: number) => void) => {
    for (let r = 0; r < eligible.length; r++) if (eligible[r]) keysOf(r, (key) => emit(key, r));
  };
  visitEligible((key) => start[key + 1]!++);
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keyCount);
  const rank = new Int32Array(start[keyCount]!);
  visitEligible((key, r) => (rank[fill[key]!++] = r));
  return { start, rank };
}

/**
 * Visits the `width` bulletins on each side of rank `r` in list `key` — those sharing the key and
 * nearest in date — skipping `r` itself. This is what bounds the work: a term that half the site
 * uses still offers each bulletin at most `2 × width` candidates.
 */
export function forEachNear(p: Postings, key: number, r: number, width: number, visit: (rank: number) => void): void {
  const from = p.start[key]!;
  const to = p.start[key + 1]!;
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p.rank[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  for (let k = Math.max(from, lo - width); k < lo; k++) visit(p.rank[k]!);
  const after = lo < to && p.rank[lo] === r ? lo + 1 : lo;
  for (let k = after; k < Math.min(to, after + width); k++) visit(p.rank[k]!);
}
