import { PartitionCounts } from './partition-counts.js';
import type { TermVector } from './term-vector.js';
import { TopKHeaps } from './top-k-heaps.js';

/**
 * Every bulletin's most telling terms, BM25-weighted and L2-normalised, in one flat layout: bulletin
 * i owns entries `start[i]` to `start[i + 1]`, ordered by weight (heaviest first, ties by term hash).
 * `term` numbers the terms that made it into any signature densely from 0 (`termCount` of them), so
 * arrays indexed by term stay small enough for the processor's cache; `weight` is the normalised weight.
 */
export interface Signatures {
  start: Int32Array;
  term: Int32Array;
  weight: Float32Array;
  termCount: number;
}

/** BM25's usual constants: term-frequency saturation and how much a long text is discounted. */
const K1 = 1.2;
const B = 0.75;
/**
 * Term hashes are handled in 2^3 ranges by their top bits. Real text has millions of distinct terms
 * (most Chinese bigrams occur once): one table of them all outgrows the processor cache and counting
 * 20 million (bulletin, term) pairs into it is a cache miss each; each bulletin's hashes are sorted,
 * so a range is a contiguous run of them. More ranges mean smaller tables but more passes over every
 * bulletin: on 20,000 bulletins with 1.7 million distinct terms, 8 ranges cut the scoring time by a
 * fifth against one table; on the benchmark corpus (5,000 distinct terms) 64 ranges cost 50% more.
 */
const RANGE_BITS = 3;
const RANGE_SHIFT = 32 - RANGE_BITS;

/**
 * Keeps each bulletin's `keep` heaviest terms. A press release is about a handful of things; its
 * long tail of single mentions adds cost to every comparison and little to the ranking.
 */
export function buildSignatures(vectors: readonly TermVector[], keep: number): Signatures {
  const n = vectors.length;
  const lengths = vectors.map((v) => v.counts.reduce((sum, c) => sum + c, 0));
  const averageLength = lengths.reduce((sum, len) => sum + len, 0) / Math.max(1, n) || 1;
  const lengthNorm = Float64Array.from(lengths, (len) => K1 * (1 - B + (B * len) / averageLength));
  const norm2 = new Float64Array(n);
  const heaps = new TopKHeaps(n, keep);
  const cursor = new Int32Array(n);
  const end = new Int32Array(n);
  const counts = new PartitionCounts();
  // Inverse document frequency depends only on the count: compute each value once.
  const idfOf = Float64Array.from({ length: n + 1 }, (_, df) => Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  // Each pair's table slot, found while counting, so the second pass does not probe again.
  let slots: Int32Array = new Int32Array(1024);

  // Hashes are signed and sorted, so ranges run from the most negative top bits up.
  for (let range = -(1 << (RANGE_BITS - 1)); range < 1 << (RANGE_BITS - 1); range++) {
    counts.clear();
    const generation = counts.generation;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      const ids = vectors[i]!.ids;
      let k = cursor[i]!;
      for (; k < ids.length && ids[k]! >> RANGE_SHIFT <= range; k++) {
        if (pairs === slots.length) slots = growInt32(slots);
        slots[pairs++] = counts.increment(ids[k]!);
      }
      end[i] = k;
    }
    // Slots found before the table last grew have moved: look those terms up again.
    const slotsHold = counts.generation === generation;
    pairs = 0;
    for (let i = 0; i < n; i++) {
      const { ids, counts: tf } = vectors[i]!;
      for (let k = cursor[i]!; k < end[i]!; k++) {
        const df = slotsHold ? counts.at(slots[pairs++]!) : counts.get(ids[k]!);
        const w = (idfOf[df]! * tf[k]! * (K1 + 1)) / (tf[k]! + lengthNorm[i]!);
        norm2[i] += w * w;
        // A term no other bulletin has is often the heaviest (a name, a number, a bigram across two
        // words) yet can never match: keep the places for terms that can.
        if (df > 1) heaps.offer(i, w, ids[k]!);
      }
      cursor[i] = end[i]!;
    }
  }

  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + heaps.size(i);
  const hashes = new Int32Array(start[n]!);
  const raw = new Float64Array(start[n]!);
  for (let i = 0; i < n; i++) heaps.drainInto(i, hashes, raw, start[i]!);
  const dense = new Map<number, number>();
  const term = Int32Array.from(hashes, (h) => {
    let id = dense.get(h);
    if (id === undefined) dense.set(h, (id = dense.size));
    return id;
  });
  const weight = new Float32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    // Normalised by the whole vector, so the kept terms give a (slightly low) cosine of the full texts.
    const length = Math.sqrt(norm2[i]!) || 1;
    for (let e = start[i]!; e < start[i + 1]!; e++) weight[e] = raw[e]! / length;
  }
  return { start, term, weight, termCount: dense.size };
}

function growInt32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
