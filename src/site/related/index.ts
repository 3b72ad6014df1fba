import crypto from 'node:crypto';
import { BestList } from './best-list.js';
import { buildFacets, dateNearness, sharedTags, type FacetSource } from './facets.js';
import { buildPostings, forEachNear } from './postings.js';
import { buildSignatures, updateSignatures, type CorpusStatistics, type Signatures } from './signatures.js';
import { EMPTY_TERMS, type TermVector } from './term-vector.js';

export { termVector, type TermVector } from './term-vector.js';

export interface RelatedWeights {
  text: number;
  tags: number;
  agency: number;
  date: number;
}

export interface RelatedOptions {
  count: number;
  weights: RelatedWeights;
}

/** What related articles read of a bulletin; a `Bulletin` fits. */
export interface RelatedItem extends FacetSource {
  slug: string;
  file: string;
}

/** How many of its heaviest terms stand for a bulletin when comparing texts. */
const SIGNATURE_TERMS = 32;
/**
 * Text candidates looked at per bulletin: its terms, heaviest first, each bring the bulletins nearest
 * in date that share it, until this many are in hand. A small site is thus compared in full, a large
 * one within a fixed budget.
 */
const TEXT_CANDIDATES = 64;
/**
 * Candidates taken from each inverted list on each side of a bulletin's date. With 32 / 64 / 4, the
 * 20,000-bulletin corpus scores precision@5 0.986 on text alone; 128 candidates in windows of 8 gain
 * 0.008 for a third more time, and 24 signature terms lose 0.02 (bench/eval-related.mjs).
 */
const WINDOW = 4;

/**
 * Related bulletins for every bulletin. Each signal is scaled 0..1 and weighted by `options.weights`:
 * text (cosine of BM25 term vectors), shared tags, same agency, nearness in date.
 *
 * Candidates come from an inverted index, never from all pairs: for each of a bulletin's most
 * telling terms (and, when weighted, its tags and agency), the bulletins nearest in date that share
 * it. So the work per bulletin is bounded and the whole grows linearly with the site.
 *
 * @param items the bulletins, in any order (the result does not depend on it).
 * @param terms `terms[i]` is bulletin i's term vector (undefined: no text to compare).
 * @param eligible `eligible[i]` says whether bulletin i may appear in others' lists.
 * @param pinned `pinned[i]` are the indices bulletin i pins; they come first, in their order.
 * @returns for each bulletin, indices into `items`: pins, then the best `count` others.
 */
export function computeRelated(
  items: readonly RelatedItem[],
  terms: readonly (TermVector | undefined)[],
  eligible: readonly boolean[],
  pinned: readonly (readonly number[])[],
  options: RelatedOptions,
): number[][] {
  return relate(items, terms, eligible, pinned, options, undefined, false).lists;
}

/**
 * What `computeRelated` returns, made from the state an earlier call left (`previous`, when there is
 * one) and returning the state for the next. When only some texts changed, only the bulletins whose
 * lists they can reach are worked out again (see `toRecompute`); the lists are exactly those a whole
 * computation gives (test/site/related/incremental.test.ts compares the two). `recomputed`: how many
 * lists were worked out; `updated`: whether the previous state could be started from at all.
 */
export function computeRelatedFrom(
  items: readonly RelatedItem[],
  terms: readonly (TermVector | undefined)[],
  eligible: readonly boolean[],
  pinned: readonly (readonly number[])[],
  options: RelatedOptions,
  previous: RelatedState | undefined,
): { lists: number[][]; state: RelatedState; recomputed: number; updated: boolean } {
  const result = relate(items, terms, eligible, pinned, options, previous, true);
  return { lists: result.lists, state: result.state!, recomputed: result.recomputed, updated: result.updated };
}

/**
 * Everything the lists were made from but the texts themselves, by rank (see `canonicalOrder`), for
 * the next build to start from. Plain data and typed arrays: it is kept in the build cache.
 */
export interface RelatedState {
  /** A hash of the options and of each bulletin's place, file, slug, date, tags, agency, eligibility and pins. */
  frame: string;
  /** Two 32-bit fingerprints of each bulletin's term vector: a bulletin whose pair is unchanged kept its text. */
  fingerprints: Int32Array;
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

/**
 * Whether a value read from the cache is a whole, consistent state: the right arrays, each bulletin's
 * runs in bounds, every rank a bulletin. A state from an older layout, or cut short, is not used.
 */
export function isRelatedState(v: unknown): v is RelatedState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  const stats = s.statistics as Record<string, unknown> | undefined;
  const int32 = (x: unknown): x is Int32Array => x instanceof Int32Array;
  if (typeof s.frame !== 'string' || !int32(s.fingerprints) || typeof stats !== 'object' || stats === null) return false;
  if (typeof stats.docCount !== 'number' || typeof stats.averageLength !== 'number' || !int32(stats.dfHash) || !int32(stats.dfCount)) return false;
  if (stats.dfHash.length !== stats.dfCount.length) return false;
  const n = stats.docCount;
  if (s.fingerprints.length !== 2 * n || !(s.signatureWeight instanceof Float32Array) || !int32(s.signatureHash)) return false;
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

function relate(
  items: readonly RelatedItem[],
  terms: readonly (TermVector | undefined)[],
  eligible: readonly boolean[],
  pinned: readonly (readonly number[])[],
  options: RelatedOptions,
  previous: RelatedState | undefined,
  keepState: boolean,
): { lists: number[][]; state?: RelatedState; recomputed: number; updated: boolean } {
  const n = items.length;
  const weights = options.weights;
  // Work in canonical order: rank r is the r-th newest bulletin. Ties then fall to the lower rank
  // whatever the input order, and bulletins near in date — most candidates — sit near in memory,
  // which matters more than arithmetic once 20,000 signatures no longer fit in the processor cache.
  const byRank = canonicalOrder(items);
  const rankOf = new Int32Array(n);
  byRank.forEach((doc, r) => (rankOf[doc] = r));
  const ranked = Array.from(byRank, (doc) => items[doc]!);
  const listable = Array.from(byRank, (doc) => eligible[doc] === true);
  const pinsOf = Array.from(byRank, (doc, i) => (pinned[doc]?.length ? [...new Set(pinned[doc]!.map((p) => rankOf[p]!))].filter((j) => j !== i) : NO_PINS));
  const vectors = Array.from(byRank, (doc) => terms[doc] ?? EMPTY_TERMS);
  const frame = keepState ? frameOf(options, ranked, listable, pinsOf) : '';
  const fingerprints = keepState ? fingerprintsOf(vectors) : undefined;

  let sig: Signatures | undefined;
  let statistics: CorpusStatistics | undefined;
  // Undefined: every list is worked out.
  let recompute: Uint8Array | undefined;
  if (previous && fingerprints && previous.frame === frame && previous.fingerprints.length === fingerprints.length) {
    const changed = new Uint8Array(n);
    for (let i = 0; i < n; i++) changed[i] = previous.fingerprints[2 * i] !== fingerprints[2 * i] || previous.fingerprints[2 * i + 1] !== fingerprints[2 * i + 1] ? 1 : 0;
    const before = { statistics: previous.statistics, start: previous.signatureStart, hash: previous.signatureHash, weight: previous.signatureWeight };
    const updated = updateSignatures(vectors, SIGNATURE_TERMS, before, changed);
    if (updated) {
      sig = updated.signatures;
      statistics = updated.statistics;
      recompute = toRecompute(previous, sig, updated.weighed, listable);
    }
  }
  if (!sig) ({ signatures: sig, statistics } = buildSignatures(vectors, SIGNATURE_TERMS, keepState));
  const { start: sigStart, term: sigTerm, weight: sigWeight } = sig;
  const termLists = buildPostings(sig.termCount, listable, (r, emit) => {
    for (let e = sigStart[r]!; e < sigStart[r + 1]!; e++) emit(sigTerm[e]!);
  });
  const facets = buildFacets(ranked);
  const tagLists =
    weights.tags > 0
      ? buildPostings(facets.tagCount, listable, (r, emit) => {
          for (let e = facets.tagStart[r]!; e < facets.tagStart[r + 1]!; e++) emit(facets.tagIds[e]!);
        })
      : undefined;
  const agencyLists = weights.agency > 0 ? buildPostings(facets.agencyCount, listable, (r, emit) => emit(facets.agency[r]!)) : undefined;

  // Bulletin i's signature spread out by term, so scoring a candidate is one pass over its terms.
  const spread = new Float64Array(sig.termCount);
  const seenBy = new Int32Array(n).fill(-1);
  const candidates: number[] = [];
  const best = new BestList(options.count);
  let current = -1;
  const visit = (j: number) => {
    if (seenBy[j] !== current) {
      seenBy[j] = current;
      candidates.push(j);
    }
  };

  const found = keepState ? new Int32Builder(n * (TEXT_CANDIDATES + 16)) : undefined;
  const listed = keepState ? new Int32Builder(n * options.count) : undefined;
  const candidateStart = new Int32Array(keepState ? n + 1 : 0);
  const listStart = new Int32Array(keepState ? n + 1 : 0);
  const lists = new Array<number[]>(n);
  let recomputed = 0;
  for (let i = 0; i < n; i++) {
    const doc = byRank[i]!;
    if (recompute && !recompute[i]) {
      // Same signature, same candidates, and none of them changed: the list a whole computation gives.
      found!.push(previous!.candidates, previous!.candidateStart[i]!, previous!.candidateStart[i + 1]!);
      const list = previous!.lists.subarray(previous!.listStart[i]!, previous!.listStart[i + 1]!);
      listed!.push(previous!.lists, previous!.listStart[i]!, previous!.listStart[i + 1]!);
      candidateStart[i + 1] = found!.length;
      listStart[i + 1] = listed!.length;
      lists[doc] = Array.from(list, (r) => byRank[r]!);
      continue;
    }
    recomputed++;
    current = i;
    candidates.length = 0;
    const pins = pinsOf[i]!;
    seenBy[i] = i;
    for (const j of pins) seenBy[j] = i; // pinned ones are listed first, never ranked again
    const s0 = sigStart[i]!;
    const s1 = sigStart[i + 1]!;
    for (let e = s0; e < s1; e++) spread[sigTerm[e]!] = sigWeight[e]!;
    if (weights.text > 0) for (let e = s0; e < s1 && candidates.length < TEXT_CANDIDATES; e++) forEachNear(termLists, sigTerm[e]!, i, WINDOW, visit);
    if (tagLists) for (let e = facets.tagStart[i]!; e < facets.tagStart[i + 1]!; e++) forEachNear(tagLists, facets.tagIds[e]!, i, WINDOW, visit);
    if (agencyLists) forEachNear(agencyLists, facets.agency[i]!, i, WINDOW, visit);

    best.reset(options.count - pins.length);
    for (let c = 0; c < candidates.length; c++) {
      const j = candidates[c]!;
      let text = 0;
      for (let e = sigStart[j]!, end = sigStart[j + 1]!; e < end; e++) text += spread[sigTerm[e]!]! * sigWeight[e]!;
      let score = weights.text * text;
      if (weights.tags > 0) score += weights.tags * sharedTags(facets, i, j);
      if (weights.agency > 0 && facets.agency[i] === facets.agency[j]) score += weights.agency;
      if (weights.date > 0) score += weights.date * dateNearness(facets, i, j);
      if (score > 0) best.offer(j, score);
    }
    for (let e = s0; e < s1; e++) spread[sigTerm[e]!] = 0;
    const ranks = [...pins, ...best.toArray()];
    lists[doc] = ranks.map((r) => byRank[r]!);
    if (found && listed) {
      for (const j of candidates) found.add(j);
      for (const r of ranks) listed.add(r);
      candidateStart[i + 1] = found.length;
      listStart[i + 1] = listed.length;
    }
  }
  if (!keepState) return { lists, recomputed, updated: false };
  const state: RelatedState = {
    frame,
    fingerprints: fingerprints!,
    statistics: statistics!,
    signatureStart: sig.start,
    signatureHash: sig.hash,
    signatureWeight: sig.weight,
    candidateStart,
    candidates: found!.done(),
    listStart,
    lists: listed!.done(),
  };
  return { lists, state, recomputed, updated: recompute !== undefined };
}

/**
 * Which bulletins' lists an update can change (1), given which were weighed again: those whose
 * signature changed; those whose signature holds a term that some bulletin took into or out of its
 * signature (the inverted list they find candidates in changed); and those with a candidate whose
 * signature changed (its score did). Any other bulletin has the same signature, finds the same
 * candidates and scores each the same: its list is the one it had.
 */
function toRecompute(previous: RelatedState, sig: Signatures, weighed: Uint8Array, listable: readonly boolean[]): Uint8Array {
  const n = weighed.length;
  const resigned = new Uint8Array(n);
  const moved = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (!weighed[i]) continue;
    const a0 = previous.signatureStart[i]!;
    const a1 = previous.signatureStart[i + 1]!;
    const b0 = sig.start[i]!;
    const b1 = sig.start[i + 1]!;
    let same = a1 - a0 === b1 - b0;
    for (let k = 0; same && k < a1 - a0; k++) same = previous.signatureHash[a0 + k] === sig.hash[b0 + k] && previous.signatureWeight[a0 + k] === sig.weight[b0 + k];
    if (same) continue;
    resigned[i] = 1;
    if (!listable[i]) continue;
    const before = new Set(previous.signatureHash.subarray(a0, a1));
    const after = new Set(sig.hash.subarray(b0, b1));
    for (const h of before) if (!after.has(h)) moved.add(h);
    for (const h of after) if (!before.has(h)) moved.add(h);
  }
  const recompute = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (resigned[i]) recompute[i] = 1;
    else if (moved.size > 0 && someIn(sig.hash, sig.start[i]!, sig.start[i + 1]!, (h) => moved.has(h))) recompute[i] = 1;
    else if (someIn(previous.candidates, previous.candidateStart[i]!, previous.candidateStart[i + 1]!, (j) => resigned[j] === 1)) recompute[i] = 1;
  }
  return recompute;
}

function someIn(values: Int32Array, from: number, to: number, test: (value: number) => boolean): boolean {
  for (let k = from; k < to; k++) if (test(values[k]!)) return true;
  return false;
}

/** The options and every bulletin's place and fields but its text, as one hash. */
function frameOf(options: RelatedOptions, ranked: readonly RelatedItem[], listable: readonly boolean[], pinsOf: readonly (readonly number[])[]): string {
  const hash = crypto.createHash('sha1');
  hash.update(JSON.stringify(options));
  ranked.forEach((b, r) => hash.update(JSON.stringify([b.file, b.slug, b.date.epochMs, b.tags, b.agency, listable[r], pinsOf[r]])));
  return hash.digest('base64url');
}

/**
 * Two independent 32-bit hashes of each vector's terms and counts (MurmurHash3-style mixing), side by
 * side: a changed text goes unnoticed only if both collide, about once in 2^64.
 */
function fingerprintsOf(vectors: readonly TermVector[]): Int32Array {
  const out = new Int32Array(vectors.length * 2);
  vectors.forEach((v, i) => {
    const bits = new Int32Array(v.counts.buffer, v.counts.byteOffset, v.counts.length);
    let a = 0x3c6ef372 ^ v.ids.length;
    let b = 0x5bd1e995 ^ v.ids.length;
    for (let k = 0; k < v.ids.length; k++) {
      a = Math.imul(rotate(Math.imul(a ^ v.ids[k]!, 0xcc9e2d51), 15) ^ bits[k]!, 0x1b873593);
      b = (Math.imul(rotate(b + v.ids[k]!, 13) ^ Math.imul(bits[k]!, 0x85ebca6b), 0xc2b2ae35) + 0x6b64) | 0;
    }
    out[2 * i] = mix(a);
    out[2 * i + 1] = mix(b);
  });
  return out;
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

/** A growable Int32Array. */
class Int32Builder {
  private data: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  add(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = value;
  }

  push(from: Int32Array, start: number, end: number): void {
    if (this.length + end - start > this.data.length) this.grow(this.length + end - start);
    this.data.set(from.subarray(start, end), this.length);
    this.length += end - start;
  }

  done(): Int32Array {
    return this.data.slice(0, this.length);
  }

  private grow(atLeast: number): void {
    const next = new Int32Array(Math.max(atLeast, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

const NO_PINS: readonly number[] = [];

/** Document indices newest first, then by slug, then by file: the order every tie falls back on. */
function canonicalOrder(items: readonly RelatedItem[]): Int32Array {
  const order = Array.from(items, (_, i) => i).sort((a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    return y.date.epochMs - x.date.epochMs || cmp(x.slug, y.slug) || cmp(x.file, y.file);
  });
  return Int32Array.from(order);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
