import crypto from 'node:crypto';
import type { BestList } from './best-list.js';
import { buildFacets, dateNearness, sharedTags, type FacetSource, type Facets } from './facets.js';
import { buildPostings, forEachNear, type Postings } from './postings.js';
import { EMPTY_TERMS, type TermVector } from './term-vector.js';

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
export const SIGNATURE_TERMS = 32;
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
 * Everything about the bulletins but their signatures, in canonical order: rank r is the r-th newest
 * bulletin (see `canonicalOrder`). Ties then fall to the lower rank whatever the input order, and
 * bulletins near in date — most candidates — sit near in memory, which matters more than arithmetic
 * once 20,000 signatures no longer fit in the processor cache.
 */
export interface Frame {
  n: number;
  options: RelatedOptions;
  /** Item index of each rank. */
  byRank: Int32Array;
  ranked: readonly RelatedItem[];
  listable: readonly boolean[];
  /** The ranks each bulletin pins, itself and repeats left out. */
  pinsOf: readonly (readonly number[])[];
  vectors: readonly TermVector[];
  facets: Facets;
  /** Inverted lists of tags and agencies, when they are weighted. */
  tagLists?: Postings;
  agencyLists?: Postings;
}

export function frameOf(
  items: readonly RelatedItem[],
  terms: readonly (TermVector | undefined)[],
  eligible: readonly boolean[],
  pinned: readonly (readonly number[])[],
  options: RelatedOptions,
): Frame {
  const n = items.length;
  const byRank = canonicalOrder(items);
  const rankOf = new Int32Array(n);
  byRank.forEach((doc, r) => (rankOf[doc] = r));
  const ranked = Array.from(byRank, (doc) => items[doc]!);
  const listable = Array.from(byRank, (doc) => eligible[doc] === true);
  const pinsOf = Array.from(byRank, (doc, i) => (pinned[doc]?.length ? [...new Set(pinned[doc]!.map((p) => rankOf[p]!))].filter((j) => j !== i) : NO_PINS));
  const facets = buildFacets(ranked);
  const { weights } = options;
  return {
    n,
    options,
    byRank,
    ranked,
    listable,
    pinsOf,
    vectors: Array.from(byRank, (doc) => terms[doc] ?? EMPTY_TERMS),
    facets,
    tagLists:
      weights.tags > 0
        ? buildPostings(facets.tagCount, listable, (r, emit) => {
            for (let e = facets.tagStart[r]!; e < facets.tagStart[r + 1]!; e++) emit(facets.tagIds[e]!);
          })
        : undefined,
    agencyLists: weights.agency > 0 ? buildPostings(facets.agencyCount, listable, (r, emit) => emit(facets.agency[r]!)) : undefined,
  };
}

const NO_PINS: readonly number[] = [];

/** The options and every bulletin's place and fields but its text, as one hash: what a kept state must match. */
export function frameKey(frame: Frame): string {
  // One JSON text of them all: a quarter faster than one per bulletin.
  const rows = frame.ranked.map((b, r) => [b.file, b.slug, b.date.epochMs, b.tags, b.agency, frame.listable[r], frame.pinsOf[r]]);
  return crypto.hash('sha1', JSON.stringify([frame.options, rows]), 'base64url');
}

/**
 * Bulletin i's candidates, into `out` (cleared first): for each of its signature entries `from` to
 * `to`, heaviest first, the bulletins nearest in date in that term's inverted list (`termKey(e)` names
 * it in `termLists`), until there are enough; then those sharing its tags and agency.
 * `seenBy` (one slot per rank) keeps each candidate once, pins and i itself out.
 */
export function gatherCandidates(frame: Frame, i: number, from: number, to: number, termKey: (e: number) => number, termLists: Postings, seenBy: Int32Array, out: number[]): void {
  out.length = 0;
  const visit = (j: number) => {
    if (seenBy[j] !== i) {
      seenBy[j] = i;
      out.push(j);
    }
  };
  seenBy[i] = i;
  for (const j of frame.pinsOf[i]!) seenBy[j] = i; // pinned ones are listed first, never ranked again
  const { facets, tagLists, agencyLists } = frame;
  if (frame.options.weights.text > 0) {
    for (let e = from; e < to && out.length < TEXT_CANDIDATES; e++) forEachNear(termLists, termKey(e), i, WINDOW, visit);
  }
  if (tagLists) for (let e = facets.tagStart[i]!; e < facets.tagStart[i + 1]!; e++) forEachNear(tagLists, facets.tagIds[e]!, i, WINDOW, visit);
  if (agencyLists) forEachNear(agencyLists, facets.agency[i]!, i, WINDOW, visit);
}

/**
 * Bulletin i's list, as ranks: its pins, then the best of `candidates` by score. `textOf(j)` is the
 * cosine of the two signatures; each other signal is scaled 0..1 and weighted by the options.
 */
export function rankCandidates(frame: Frame, i: number, candidates: readonly number[], textOf: (j: number) => number, best: BestList): number[] {
  const { weights } = frame.options;
  const { facets } = frame;
  const pins = frame.pinsOf[i]!;
  best.reset(frame.options.count - pins.length);
  for (let c = 0; c < candidates.length; c++) {
    const j = candidates[c]!;
    let score = weights.text * textOf(j);
    if (weights.tags > 0) score += weights.tags * sharedTags(facets, i, j);
    if (weights.agency > 0 && facets.agency[i] === facets.agency[j]) score += weights.agency;
    if (weights.date > 0) score += weights.date * dateNearness(facets, i, j);
    if (score > 0) best.offer(j, score);
  }
  return pins.length > 0 ? [...pins, ...best.toArray()] : best.toArray();
}

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
