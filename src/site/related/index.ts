import { BestList } from './best-list.js';
import { buildFacets, dateNearness, sharedTags, type FacetSource } from './facets.js';
import { buildPostings, forEachNear } from './postings.js';
import { buildSignatures } from './signatures.js';
import { countDocumentFrequencies } from './term-table.js';
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
const TEXT_CANDIDATES = 256;
/** Candidates taken from each inverted list on each side of a bulletin's date. */
const WINDOW = 16;

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
  const byRank = canonicalOrder(items);
  const rankOf = new Int32Array(n);
  byRank.forEach((doc, r) => (rankOf[doc] = r));

  const vectors = items.map((_, i) => terms[i] ?? EMPTY_TERMS);
  const table = countDocumentFrequencies(vectors);
  const sig = buildSignatures(vectors, table, SIGNATURE_TERMS);
  const termLists = buildPostings(sig.termCount, byRank, eligible, (doc, emit) => {
    for (let e = sig.start[doc]!; e < sig.start[doc + 1]!; e++) emit(sig.term[e]!);
  });
  const facets = buildFacets(items);
  const tagLists =
    weights.tags > 0
      ? buildPostings(facets.tagCount, byRank, eligible, (doc, emit) => {
          for (let e = facets.tagStart[doc]!; e < facets.tagStart[doc + 1]!; e++) emit(facets.tagIds[e]!);
        })
      : undefined;
  const agencyLists = weights.agency > 0 ? buildPostings(facets.agencyCount, byRank, eligible, (doc, emit) => emit(facets.agency[doc]!)) : undefined;

  const { start: sigStart, term: sigTerm, weight: sigWeight } = sig;
  // Bulletin i's signature spread out by term, so scoring a candidate is one pass over its terms.
  const spread = new Float64Array(sig.termCount);
  const seenBy = new Int32Array(n).fill(-1);
  const candidates: number[] = [];
  const best = new BestList(options.count);
  const visit = (r: number) => {
    const j = byRank[r]!;
    if (seenBy[j] !== current) {
      seenBy[j] = current;
      candidates.push(j);
    }
  };
  let current = -1;

  return items.map((_, i) => {
    current = i;
    candidates.length = 0;
    const pins = pinned[i]?.length ? [...new Set(pinned[i])].filter((j) => j !== i) : NO_PINS;
    seenBy[i] = i;
    for (const j of pins) seenBy[j] = i; // pinned ones are listed first, never ranked again
    const s0 = sigStart[i]!;
    const s1 = sigStart[i + 1]!;
    for (let e = s0; e < s1; e++) spread[sigTerm[e]!] = sigWeight[e]!;
    if (weights.text > 0) for (let e = s0; e < s1 && candidates.length < TEXT_CANDIDATES; e++) forEachNear(termLists, sigTerm[e]!, rankOf[i]!, WINDOW, visit);
    if (tagLists) for (let e = facets.tagStart[i]!; e < facets.tagStart[i + 1]!; e++) forEachNear(tagLists, facets.tagIds[e]!, rankOf[i]!, WINDOW, visit);
    if (agencyLists) forEachNear(agencyLists, facets.agency[i]!, rankOf[i]!, WINDOW, visit);

    best.reset(options.count - pins.length);
    for (let c = 0; c < candidates.length; c++) {
      const j = candidates[c]!;
      let text = 0;
      for (let e = sigStart[j]!, end = sigStart[j + 1]!; e < end; e++) text += spread[sigTerm[e]!]! * sigWeight[e]!;
      let score = weights.text * text;
      if (weights.tags > 0) score += weights.tags * sharedTags(facets, i, j);
      if (weights.agency > 0 && facets.agency[i] === facets.agency[j]) score += weights.agency;
      if (weights.date > 0) score += weights.date * dateNearness(facets, i, j);
      if (score > 0) best.offer(j, rankOf[j]!, score);
    }
    for (let e = s0; e < s1; e++) spread[sigTerm[e]!] = 0;
    return [...pins, ...best.toArray()];
  });
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
