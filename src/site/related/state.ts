import type { CorpusStatistics } from './signatures.js';
import type { TermVector } from './term-vector.js';

/**
 * Everything the related lists were made from but the texts themselves, by rank (see frame.ts), for
 * the next build to start from (see update.ts). Plain data and typed arrays: it is kept in the build
 * cache, and checked there (`isRelatedState`) before it is used.
 */
export interface RelatedState {
  /** `frameKey`: the options and each bulletin's place, file, slug, date, tags, agency, eligibility and pins. */
  frame: string;
  /** Each bulletin's version as the caller named it (see `RelatedHistory`), or "" when it did not. */
  versions: string[];
  /** Where the caller can find each bulletin's term vector again (see `RelatedHistory`), or "". */
  sources: string[];
  /** Two 32-bit fingerprints of each bulletin's term vector, side by side. */
  fingerprints: Int32Array;
  /** Each bulletin's length (its term counts added up). */
  lengths: Float64Array;
  statistics: CorpusStatistics;
  /** The signatures (see signatures.ts), by term hash. */
  signatureStart: Int32Array;
  signatureHash: Int32Array;
  signatureWeight: Float32Array;
  /** Each bulletin's candidates as they were found, and its list, both as ranks. */
  candidateStart: Int32Array;
  candidates: Int32Array;
  listStart: Int32Array;
  lists: Int32Array;
}

/** The state but what the caller names (see `computeRelatedFrom`). */
export type ComputedState = Omit<RelatedState, 'frame' | 'versions' | 'sources'>;

/**
 * Whether a value read from the cache is a whole, consistent state: the right arrays, each bulletin's
 * runs in bounds, every rank a bulletin. A state from an older layout, or cut short, is not used.
 */
export function isRelatedState(v: unknown): v is RelatedState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const stats = s.statistics as Record<string, unknown> | undefined;
  const int32 = (x: unknown): x is Int32Array => x instanceof Int32Array;
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.length === n && x.every((y) => typeof y === 'string');
  if (typeof s.frame !== 'string' || typeof stats !== 'object' || stats === null) return false;
  if (typeof stats.docCount !== 'number' || typeof stats.averageLength !== 'number' || !int32(stats.dfHash) || !int32(stats.dfCount)) return false;
  const n = stats.docCount;
  if (stats.dfHash.length !== stats.dfCount.length || !strings(s.versions) || !strings(s.sources)) return false;
  if (!int32(s.fingerprints) || s.fingerprints.length !== 2 * n || !(s.lengths instanceof Float64Array) || s.lengths.length !== n) return false;
  if (!(s.signatureWeight instanceof Float32Array) || !int32(s.signatureHash)) return false;
  const runs = (start: unknown, values: Int32Array | Float32Array, ranks: boolean): boolean => {
    if (!int32(start) || start.length !== n + 1 || start[0] !== 0 || start[n] !== values.length) return false;
    for (let i = 0; i < n; i++) if (start[i + 1]! < start[i]!) return false;
    if (ranks) for (let k = 0; k < values.length; k++) if (values[k]! < 0 || values[k]! >= n) return false;
    return true;
  };
  return (
    runs(s.signatureStart, s.signatureHash, false) &&
    s.signatureWeight.length === s.signatureHash.length &&
    int32(s.candidates) &&
    runs(s.candidateStart, s.candidates, true) &&
    int32(s.lists) &&
    runs(s.listStart, s.lists, true)
  );
}

/**
 * Two independent 32-bit hashes of a vector's terms and counts (MurmurHash3-style mixing), into
 * `out` at `at`: a changed text goes unnoticed only if both collide, about once in 2^64.
 */
export function fingerprintInto(v: TermVector, out: Int32Array, at: number): void {
  const bits = new Int32Array(v.counts.buffer, v.counts.byteOffset, v.counts.length);
  let a = 0x3c6ef372 ^ v.ids.length;
  let b = 0x5bd1e995 ^ v.ids.length;
  for (let k = 0; k < v.ids.length; k++) {
    a = Math.imul(rotate(Math.imul(a ^ v.ids[k]!, 0xcc9e2d51), 15) ^ bits[k]!, 0x1b873593);
    b = (Math.imul(rotate(b + v.ids[k]!, 13) ^ Math.imul(bits[k]!, 0x85ebca6b), 0xc2b2ae35) + 0x6b64) | 0;
  }
  out[at] = mix(a);
  out[at + 1] = mix(b);
}

function rotate(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Runs of ranks, one per bulletin, as `start`/`values` arrays are built: in rank order. */
export class RunsBuilder {
  private data: Int32Array;
  private length = 0;
  readonly start: Int32Array;

  constructor(n: number, perRun: number) {
    this.data = new Int32Array(Math.max(16, n * perRun));
    this.start = new Int32Array(n + 1);
  }

  /** Bulletin i's run (i the next bulletin in order). */
  add(i: number, values: readonly number[]): void {
    if (this.length + values.length > this.data.length) this.grow(this.length + values.length);
    for (let k = 0; k < values.length; k++) this.data[this.length + k] = values[k]!;
    this.length += values.length;
    this.start[i + 1] = this.length;
  }

  /** The runs of bulletins `from` to `to` (exclusive, `from` the next in order) as `start`/`values` hold them. */
  copy(from: number, to: number, start: Int32Array, values: Int32Array): void {
    const count = start[to]! - start[from]!;
    if (this.length + count > this.data.length) this.grow(this.length + count);
    this.data.set(values.subarray(start[from]!, start[to]!), this.length);
    const shift = this.length - start[from]!;
    for (let i = from; i < to; i++) this.start[i + 1] = start[i + 1]! + shift;
    this.length += count;
  }

  values(): Int32Array {
    return this.data.slice(0, this.length);
  }

  private grow(atLeast: number): void {
    const next = new Int32Array(Math.max(atLeast, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}
