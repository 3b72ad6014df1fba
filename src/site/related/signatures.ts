import { PartitionCounts } from './partition-counts.js';
import { findSlot } from './probe.js';
import type { TermVector } from './term-vector.js';
import { TopKHeaps } from './top-k-heaps.js';

/**
 * Every bulletin's most telling terms, BM25-weighted and L2-normalised, in one flat layout: bulletin
 * i owns entries `start[i]` to `start[i + 1]`, ordered by weight (heaviest first, ties by term hash).
 * `hash` holds each entry's term hash; `term` numbers the terms that made it into any signature densely
 * from 0 (`termCount` of them), so arrays indexed by term stay small enough for the processor's cache;
 * `weight` is the normalised weight.
 */
export interface SignatureTable {
  start: Int32Array;
  hash: Int32Array;
  weight: Float32Array;
}

export interface Signatures extends SignatureTable {
  term: Int32Array;
  termCount: number;
}

/** Each term's document frequency, hashes ascending (terms no bulletin holds left out). */
export interface DocumentFrequencies {
  dfHash: Int32Array;
  dfCount: Int32Array;
}

/**
 * What every weight depends on besides the bulletin's own terms: how many bulletins there are, their
 * average length (rounded, see `roundedAverage`), and each term's document frequency (hashes
 * ascending). A signature is a pure function of its bulletin's vector and these.
 */
export interface CorpusStatistics extends DocumentFrequencies {
  docCount: number;
  averageLength: number;
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
const FIRST_RANGE = -(1 << (RANGE_BITS - 1));
const END_RANGE = 1 << (RANGE_BITS - 1);

/** A term's weight in one bulletin: BM25's term-frequency part times the term's rarity. */
function termWeight(idf: number, tf: number, lengthNorm: number): number {
  return (idf * tf * (K1 + 1)) / (tf + lengthNorm);
}

/** Inverse document frequency for each possible count, computed once. */
function idfTable(n: number): Float64Array {
  return Float64Array.from({ length: n + 1 }, (_, df) => Math.log(1 + (n - df + 0.5) / (df + 0.5)));
}

/** Each bulletin's length: its term counts added up. */
export function lengthsOf(vectors: readonly TermVector[]): Float64Array {
  return Float64Array.from(vectors, lengthOf);
}

export function lengthOf(v: TermVector): number {
  let sum = 0;
  for (let k = 0; k < v.counts.length; k++) sum += v.counts[k]!;
  return sum;
}

/**
 * The average length BM25 discounts by, rounded to a step of between a sixty-fourth and a
 * thirty-second of it (a power of two), so off by at most about 1.6%. Ranking barely notices
 * (precision@5 on the 4,000-bulletin benchmark corpus, text alone: 0.9812, unrounded 0.9813), and one
 * edit almost never moves it: every other bulletin's weights then stay exactly as they were, which is
 * what lets `updateSignatures` weigh again only the bulletins the edit touches. Exact arithmetic only
 * (powers of two and `Math.round`), so it is the same on every machine.
 */
export function roundedAverage(lengths: Float64Array): number {
  const average = lengths.reduce((sum, len) => sum + len, 0) / Math.max(1, lengths.length);
  if (!(average > 0)) return 1;
  let step = 1;
  while (step * 64 <= average) step *= 2;
  while (step > average / 32) step /= 2;
  return Math.round(average / step) * step;
}

/** BM25's length discount of each bulletin, K1 included. */
function lengthNorms(lengths: Float64Array, averageLength: number): Float64Array {
  return Float64Array.from(lengths, (len) => lengthNorm(len, averageLength));
}

function lengthNorm(length: number, averageLength: number): number {
  return K1 * (1 - B + (B * length) / averageLength);
}

/**
 * Keeps each bulletin's `keep` heaviest terms. A press release is about a handful of things; its
 * long tail of single mentions adds cost to every comparison and little to the ranking. With
 * `withStatistics`, also returns the corpus statistics, for `updateSignatures` next time.
 */
export function buildSignatures(
  vectors: readonly TermVector[],
  keep: number,
  withStatistics = false,
): { signatures: Signatures; statistics?: CorpusStatistics; lengths: Float64Array } {
  const n = vectors.length;
  const lengths = lengthsOf(vectors);
  const averageLength = roundedAverage(lengths);
  const lengthNorm = lengthNorms(lengths, averageLength);
  const norm2 = new Float64Array(n);
  const heaps = new TopKHeaps(n, keep);
  const cursor = new Int32Array(n);
  const end = new Int32Array(n);
  const counts = new PartitionCounts();
  const idfOf = idfTable(n);
  const frequencies = withStatistics ? new FrequencyTable() : undefined;
  // Each pair's table slot, found while counting, so the second pass does not probe again.
  let slots: Int32Array = new Int32Array(1024);

  // Hashes are signed and sorted, so ranges run from the most negative top bits up.
  for (let range = FIRST_RANGE; range < END_RANGE; range++) {
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
    frequencies?.append(counts);
    // Slots found before the table last grew have moved: look those terms up again.
    const slotsHold = counts.generation === generation;
    pairs = 0;
    for (let i = 0; i < n; i++) {
      const { ids, counts: tf } = vectors[i]!;
      for (let k = cursor[i]!; k < end[i]!; k++) {
        const df = slotsHold ? counts.at(slots[pairs++]!) : counts.get(ids[k]!);
        const w = termWeight(idfOf[df]!, tf[k]!, lengthNorm[i]!);
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
  const hash = new Int32Array(start[n]!);
  const raw = new Float64Array(start[n]!);
  for (let i = 0; i < n; i++) heaps.drainInto(i, hash, raw, start[i]!);
  const weight = new Float32Array(start[n]!);
  for (let i = 0; i < n; i++) normalise(raw, weight, start[i]!, start[i + 1]!, norm2[i]!);
  const signatures = numbered(start, hash, weight);
  return { signatures, statistics: frequencies && { docCount: n, averageLength, ...frequencies.table() }, lengths };
}

/**
 * The signatures `buildSignatures` gives for `vectors`, made from the last build's: the bulletins in
 * `weighed` are weighed again with the new `statistics` and `lengths`, the others keep their entries.
 * Exact when every bulletin outside `weighed` has the vector, length and document frequencies of its
 * terms it had, under the same bulletin count and rounded average (see `roundedAverage`).
 */
export function reweigh(
  vectors: readonly TermVector[],
  keep: number,
  statistics: CorpusStatistics,
  lengths: Float64Array,
  previous: SignatureTable,
  weighed: Uint8Array,
): SignatureTable {
  const n = vectors.length;
  const idfOf = idfTable(n);
  const heap = new TopKHeaps(1, keep);
  const parts: { hash: Int32Array; weight: Float32Array }[] = [];
  let total = previous.hash.length;
  for (let i = 0; i < n; i++) {
    if (!weighed[i]) continue;
    const { ids, counts: tf } = vectors[i]!;
    const norm = lengthNorm(lengths[i]!, statistics.averageLength);
    let norm2 = 0;
    // Ascending hashes, as buildSignatures meets them range after range: the same sum, to the bit.
    for (let k = 0; k < ids.length; k++) {
      const df = frequencyOf(statistics, ids[k]!);
      const w = termWeight(idfOf[df]!, tf[k]!, norm);
      norm2 += w * w;
      if (df > 1) heap.offer(0, w, ids[k]!);
    }
    const size = heap.size(0);
    const hash = new Int32Array(size);
    const raw = new Float64Array(size);
    heap.drainInto(0, hash, raw, 0);
    const weight = new Float32Array(size);
    normalise(raw, weight, 0, size, norm2);
    parts[i] = { hash, weight };
    total += size - (previous.start[i + 1]! - previous.start[i]!);
  }
  const start = new Int32Array(n + 1);
  const hash = new Int32Array(total);
  const weight = new Float32Array(total);
  for (let i = 0; i < n; i++) {
    const part = parts[i];
    const from = previous.start[i]!;
    const to = previous.start[i + 1]!;
    if (part) {
      hash.set(part.hash, start[i]!);
      weight.set(part.weight, start[i]!);
    } else {
      hash.set(previous.hash.subarray(from, to), start[i]!);
      weight.set(previous.weight.subarray(from, to), start[i]!);
    }
    start[i + 1] = start[i]! + (part ? part.hash.length : to - from);
  }
  return { start, hash, weight };
}

/**
 * `table` with the bulletins `removed` taken out and `added` put in (each vector's terms once), and
 * the terms whose frequency that moved, ascending.
 */
export function shiftFrequencies(table: DocumentFrequencies, removed: readonly TermVector[], added: readonly TermVector[]): { table: DocumentFrequencies; moved: Int32Array } {
  const delta = new Map<number, number>();
  for (const v of added) for (let k = 0; k < v.ids.length; k++) delta.set(v.ids[k]!, (delta.get(v.ids[k]!) ?? 0) + 1);
  for (const v of removed) for (let k = 0; k < v.ids.length; k++) delta.set(v.ids[k]!, (delta.get(v.ids[k]!) ?? 0) - 1);
  const moved = Int32Array.from([...delta].flatMap(([h, d]) => (d === 0 ? [] : [h]))).sort();
  const dfHash = new Int32Array(table.dfHash.length + moved.length);
  const dfCount = new Int32Array(dfHash.length);
  let out = 0;
  let i = 0;
  let m = 0;
  while (i < table.dfHash.length || m < moved.length) {
    const x = i < table.dfHash.length ? table.dfHash[i]! : Infinity;
    const y = m < moved.length ? moved[m]! : Infinity;
    let h: number;
    let count: number;
    if (x < y) {
      h = x;
      count = table.dfCount[i++]!;
    } else {
      h = y;
      count = (x === y ? table.dfCount[i++]! : 0) + delta.get(y)!;
      m++;
    }
    if (count > 0) {
      dfHash[out] = h;
      dfCount[out++] = count;
    }
  }
  return { table: { dfHash: dfHash.slice(0, out), dfCount: dfCount.slice(0, out) }, moved };
}

/** Normalised by the whole vector, so the kept terms give a (slightly low) cosine of the full texts. */
function normalise(raw: Float64Array, weight: Float32Array, from: number, to: number, norm2: number): void {
  const length = Math.sqrt(norm2) || 1;
  for (let e = from; e < to; e++) weight[e] = raw[e]! / length;
}

/**
 * Numbers the signature terms densely, in order of first appearance. An open-addressing table and a
 * plain loop: a Map and `Int32Array.from` with a mapping function took 43 ms of a 4,000-bulletin
 * build's 350 ms of related lists (128,000 entries).
 */
export function numbered(start: Int32Array, hash: Int32Array, weight: Float32Array): Signatures {
  let size = 1024;
  while (size < hash.length * 2) size *= 2;
  const keys = new Int32Array(size);
  const ids = new Int32Array(size);
  const term = new Int32Array(hash.length);
  let termCount = 0;
  for (let e = 0; e < hash.length; e++) {
    const slot = findSlot(keys, hash[e]!);
    if (keys[slot] === 0) {
      keys[slot] = hash[e]!;
      ids[slot] = termCount++;
    }
    term[e] = ids[slot]!;
  }
  return { start, hash, term, weight, termCount };
}

/** Every term's document frequency, counted range by range as buildSignatures does. */
export function documentFrequencies(vectors: readonly TermVector[]): DocumentFrequencies {
  const counts = new PartitionCounts();
  const table = new FrequencyTable();
  const cursor = new Int32Array(vectors.length);
  for (let range = FIRST_RANGE; range < END_RANGE; range++) {
    counts.clear();
    for (let i = 0; i < vectors.length; i++) {
      const ids = vectors[i]!.ids;
      let k = cursor[i]!;
      for (; k < ids.length && ids[k]! >> RANGE_SHIFT <= range; k++) counts.increment(ids[k]!);
      cursor[i] = k;
    }
    table.append(counts);
  }
  return table.table();
}

/** Collects the counts of each range in turn: ranges ascend, so sorting each one sorts the whole. */
class FrequencyTable {
  private hashes: Int32Array[] = [];
  private counts: Int32Array[] = [];

  append(range: PartitionCounts): void {
    const hashes = range.keysInUse().sort();
    // A plain loop: TypedArray.from with a mapping function goes through the iterator protocol, and
    // real text has millions of distinct terms (see term-vector.ts).
    const counts = new Int32Array(hashes.length);
    for (let k = 0; k < hashes.length; k++) counts[k] = range.get(hashes[k]!);
    this.hashes.push(hashes);
    this.counts.push(counts);
  }

  table(): DocumentFrequencies {
    return { dfHash: concat(this.hashes), dfCount: concat(this.counts) };
  }
}

function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Hashes whose document frequency differs between two tables (present in one only included), ascending. */
export function differingTerms(a: DocumentFrequencies, b: DocumentFrequencies): Int32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.dfHash.length || j < b.dfHash.length) {
    const x = i < a.dfHash.length ? a.dfHash[i]! : Infinity;
    const y = j < b.dfHash.length ? b.dfHash[j]! : Infinity;
    if (x === y) {
      if (a.dfCount[i] !== b.dfCount[j]) out.push(x);
      i++;
      j++;
    } else if (x < y) out.push(a.dfHash[i++]!);
    else out.push(b.dfHash[j++]!);
  }
  return Int32Array.from(out);
}

/** Index of `id` in the ascending `sorted`, or -1. */
function search(sorted: Int32Array, id: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && sorted[lo] === id ? lo : -1;
}

function frequencyOf(table: DocumentFrequencies, id: number): number {
  const at = search(table.dfHash, id);
  return at === -1 ? 0 : table.dfCount[at]!;
}

/** Whether the ascending `ids` hold any of the ascending `terms`: a merge, or binary searches when the terms are few. */
export function holdsAny(ids: Int32Array, terms: Int32Array): boolean {
  if (terms.length === 0 || ids.length === 0) return false;
  if (terms.length * 16 < ids.length) {
    for (let t = 0; t < terms.length; t++) if (search(ids, terms[t]!) !== -1) return true;
    return false;
  }
  let i = 0;
  let t = 0;
  while (i < ids.length && t < terms.length) {
    if (ids[i] === terms[t]) return true;
    if (ids[i]! < terms[t]!) i++;
    else t++;
  }
  return false;
}

function growInt32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
