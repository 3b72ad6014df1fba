import type { TermTable } from './term-table.js';
import type { TermVector } from './term-vector.js';

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
 * Keeps each bulletin's `keep` heaviest terms. A press release is about a handful of things; its
 * long tail of single mentions adds cost to every comparison and little to the ranking.
 */
export function buildSignatures(vectors: readonly TermVector[], table: TermTable, keep: number): Signatures {
  const n = vectors.length;
  let totalLength = 0;
  const lengths = vectors.map((v) => {
    let len = 0;
    for (const c of v.counts) len += c;
    totalLength += len;
    return len;
  });
  const averageLength = totalLength / Math.max(1, n) || 1;
  let capacity = 0;
  for (const v of vectors) capacity += Math.min(keep, v.ids.length);
  const start = new Int32Array(n + 1);
  const term = new Int32Array(capacity);
  const weight = new Float64Array(capacity);
  // Inverse document frequency once per distinct term, not once per occurrence.
  const idf = Float64Array.from(table.df, (df) => Math.log(1 + (n - df + 0.5) / (df + 0.5)));
  const dense = new Int32Array(table.keys.length).fill(-1);
  let termCount = 0;
  const heap = new TopK(keep);
  vectors.forEach((v, i) => {
    const norm = K1 * (1 - B + (B * lengths[i]!) / averageLength);
    heap.clear();
    let sum = 0;
    for (let k = 0; k < v.ids.length; k++) {
      const s = table.slotOf(v.ids[k]!);
      const tf = v.counts[k]!;
      const w = (idf[s]! * tf * (K1 + 1)) / (tf + norm);
      sum += w * w;
      // A term no other bulletin has is often the heaviest (a name, a number, a bigram across two
      // words) yet can never match: keep the places for terms that can.
      if (table.df[s]! > 1) heap.offer(w, v.ids[k]!, s);
    }
    start[i + 1] = start[i]! + heap.drainInto(term, weight, start[i]!);
    for (let e = start[i]!; e < start[i + 1]!; e++) {
      const s = term[e]!;
      if (dense[s] === -1) dense[s] = termCount++;
      term[e] = dense[s]!;
    }
    // Normalised by the whole vector, so the kept terms give a (slightly low) cosine of the full texts.
    const length = Math.sqrt(sum) || 1;
    for (let e = start[i]!; e < start[i + 1]!; e++) weight[e] = weight[e]! / length;
  });
  // Trimmed copies: the signatures live through the whole scoring pass.
  return { start, term: term.slice(0, start[n]), weight: Float32Array.from(weight.subarray(0, start[n])), termCount };
}

/** A bounded min-heap of (weight, hash, slot): keeps the `size` heaviest, ties to the smaller hash. */
class TopK {
  private readonly w: Float64Array;
  private readonly id: Uint32Array;
  private readonly s: Int32Array;
  private n = 0;
  constructor(private readonly size: number) {
    this.w = new Float64Array(size);
    this.id = new Uint32Array(size);
    this.s = new Int32Array(size);
  }
  clear(): void {
    this.n = 0;
  }
  /** True when entry a ranks below entry b (lighter, or as heavy with a larger hash). */
  private below(a: number, b: number): boolean {
    return this.w[a]! < this.w[b]! || (this.w[a] === this.w[b] && this.id[a]! > this.id[b]!);
  }
  offer(weight: number, id: number, slot: number): void {
    if (this.size === 0) return;
    if (this.n < this.size) {
      this.set(this.n, weight, id, slot);
      this.up(this.n++);
    } else if (weight > this.w[0]! || (weight === this.w[0] && id < this.id[0]!)) {
      this.set(0, weight, id, slot);
      this.down(0);
    }
  }
  /** Writes the entries heaviest first into `slot`/`weight` from `at`, emptying the heap; returns how many. */
  drainInto(slot: Int32Array, weight: Float64Array, at: number): number {
    const count = this.n;
    while (this.n > 0) {
      const last = this.n - 1;
      slot[at + last] = this.s[0]!;
      weight[at + last] = this.w[0]!;
      this.exchange(0, last);
      this.n--;
      this.down(0);
    }
    return count;
  }
  private set(k: number, weight: number, id: number, slot: number): void {
    this.w[k] = weight;
    this.id[k] = id;
    this.s[k] = slot;
  }
  private up(k: number): void {
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.below(k, parent)) return;
      this.exchange(k, parent);
      k = parent;
    }
  }
  private down(k: number): void {
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < this.n && this.below(l, m)) m = l;
      if (r < this.n && this.below(r, m)) m = r;
      if (m === k) return;
      this.exchange(k, m);
      k = m;
    }
  }
  private exchange(a: number, b: number): void {
    const w = this.w[a]!;
    const id = this.id[a]!;
    const s = this.s[a]!;
    this.set(a, this.w[b]!, this.id[b]!, this.s[b]!);
    this.set(b, w, id, s);
  }
}
