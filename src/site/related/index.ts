import { BestList } from './best-list.js';
import { buildFacets, dateNearness, sharedTags, type FacetSource } from './facets.js';
import { buildPostings, forEachNear } from './postings.js';
import { buildSignatures } from './signatures.js';
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

  const vectors = Array.from(byRank, (doc) => terms[doc] ?? EMPTY_TERMS);
  const sig = buildSignatures(vectors, SIGNATURE_TERMS);
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

  const lists = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    current = i;
    candidates.length = 0;
    const doc = byRank[i]!;
    const pins = pinned[doc]?.length ? [...new Set(pinned[doc]!.map((p) => rankOf[p]!))].filter((j) => j !== i) : NO_PINS;
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
    lists[doc] = [...pins, ...best.toArray()].map((r) => byRank[r]!);
  }
  return lists;
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
