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
 * Term hashes are handled in 2^6 ranges by their top bits. Real text has millions of distinct terms
 * (most Chinese bigrams occur once); one table of them all is far bigger than the processor cache,
 * and counting 20 million (bulletin, term) pairs into it is a cache miss each. One range's table
 * fits in cache, and each bulletin's hashes are sorted, so a range is a contiguous run of them.
 */
const RANGE_BITS = 6;

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

  for (let range = 0; range < 1 << RANGE_BITS; range++) {
    const limit = (range + 1) * 2 ** (32 - RANGE_BITS);
    counts.clear();
    for (let i = 0; i < n; i++) {
      const ids = vectors[i]!.ids;
      let k = cursor[i]!;
      while (k < ids.length && ids[k]! < limit) counts.increment(ids[k++]!);
      end[i] = k;
    }
    for (let i = 0; i < n; i++) {
      const { ids, counts: tf } = vectors[i]!;
      for (let k = cursor[i]!; k < end[i]!; k++) {
        const df = counts.get(ids[k]!);
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const w = (idf * tf[k]! * (K1 + 1)) / (tf[k]! + lengthNorm[i]!);
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
  const hashes = new Uint32Array(start[n]!);
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
