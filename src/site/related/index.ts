import { frameKey, frameOf, SIGNATURE_TERMS, type Frame, type RelatedItem, type RelatedOptions } from './frame.js';
import { workOutLists } from './lists.js';
import { buildSignatures } from './signatures.js';
import { fingerprintInto, type ComputedState, type RelatedState } from './state.js';
import type { TermVector } from './term-vector.js';
import { updateRelated } from './update.js';

export { termVector, type TermVector } from './term-vector.js';
export type { RelatedItem, RelatedOptions, RelatedWeights } from './frame.js';
export { isRelatedState, type RelatedState } from './state.js';

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
  return computeWhole(frameOf(items, terms, eligible, pinned, options)).lists;
}

/** What a build can tell `computeRelatedFrom` about the bulletins beyond their vectors, each optional. */
export interface RelatedHistory {
  /** What the last computation left. */
  previous?: RelatedState;
  /** Each item's version: equal across builds only when its term vector is (see render-all.ts). */
  versions?: readonly (string | undefined)[];
  /** Each item's source: a name under which `vectorOf`, in a later build, finds this build's vector. */
  sources?: readonly (string | undefined)[];
  vectorOf?: (source: string) => TermVector | undefined;
}

/**
 * What `computeRelated` returns, made from the state an earlier call left when there is one (see
 * update.ts), and with the state for the next. When only some texts changed, only the lists they can
 * reach are worked out again, and the lists are exactly those a whole computation gives
 * (test/site/related/incremental.test.ts compares the two). `recomputed`: how many lists were worked
 * out; `updated`: whether the previous state could be started from at all.
 */
export function computeRelatedFrom(
  items: readonly RelatedItem[],
  terms: readonly (TermVector | undefined)[],
  eligible: readonly boolean[],
  pinned: readonly (readonly number[])[],
  options: RelatedOptions,
  history: RelatedHistory = {},
): { lists: number[][]; state: RelatedState; recomputed: number; updated: boolean } {
  const frame = frameOf(items, terms, eligible, pinned, options);
  const key = frameKey(frame);
  const named = (names: readonly (string | undefined)[] | undefined) => Array.from(frame.byRank, (doc) => names?.[doc] ?? '');
  const names = { versions: named(history.versions), sources: named(history.sources) };
  const { previous } = history;
  if (previous?.frame === key) {
    const updated = updateRelated(frame, previous, names.versions, history.vectorOf);
    if (updated) return { lists: updated.lists, state: { ...updated.state, frame: key, ...names }, recomputed: updated.recomputed, updated: true };
  }
  const whole = computeWhole(frame, true);
  return { lists: whole.lists, state: { ...whole.state!, frame: key, ...names }, recomputed: frame.n, updated: false };
}

/** Every list worked out; with `keepState`, the state for the next computation too. */
function computeWhole(frame: Frame, keepState = false): { lists: number[][]; state?: ComputedState } {
  const { signatures: sig, statistics, lengths } = buildSignatures(frame.vectors, SIGNATURE_TERMS, keepState);
  const { lists, runs } = workOutLists(frame, sig, keepState);
  if (!keepState) return { lists };
  const fingerprints = new Int32Array(2 * frame.n);
  frame.vectors.forEach((v, r) => fingerprintInto(v, fingerprints, 2 * r));
  return {
    lists,
    state: { fingerprints, lengths, statistics: statistics!, signatureStart: sig.start, signatureHash: sig.hash, signatureWeight: sig.weight, ...runs! },
  };
}
