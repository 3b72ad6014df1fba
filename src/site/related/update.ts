import { SIGNATURE_TERMS, type Frame } from './frame.js';
import { workOutLists } from './lists.js';
import { differingTerms, documentFrequencies, holdsAny, lengthOf, numbered, reweigh, roundedAverage, shiftFrequencies, type SignatureTable } from './signatures.js';
import { fingerprintInto, type ComputedState, type RelatedState } from './state.js';
import type { TermVector } from './term-vector.js';

/**
 * The lists and state a whole computation gives, made from the state the last one left, for a site
 * whose bulletins, places and fields are the same (the caller checks the frame) and only some texts
 * changed. Undefined when the rounded average length moved: every weight moves then.
 *
 * Which texts changed: those whose version (`versions`, by rank; "" when unknown) differs and whose
 * vector's fingerprint does too. Document frequencies move by those texts' old and new terms (the old
 * vectors come from `vectorOf`, checked against the old fingerprints; without them every term is
 * counted again). Only the bulletins holding a moved term, and the changed ones, are weighed again
 * (`reweigh`), and only the lists those new signatures can reach are worked out (`toRecompute`).
 */
export function updateRelated(
  frame: Frame,
  previous: RelatedState,
  versions: readonly string[],
  vectorOf?: (source: string) => TermVector | undefined,
): { lists: number[][]; state: ComputedState; recomputed: number } | undefined {
  const { n, vectors } = frame;
  if (previous.statistics.docCount !== n) return undefined;
  const fingerprints = previous.fingerprints.slice();
  const changed: number[] = [];
  for (let r = 0; r < n; r++) {
    if (versions[r] !== '' && versions[r] === previous.versions[r]) continue;
    fingerprintInto(vectors[r]!, fingerprints, 2 * r);
    if (fingerprints[2 * r] !== previous.fingerprints[2 * r] || fingerprints[2 * r + 1] !== previous.fingerprints[2 * r + 1]) changed.push(r);
  }
  const lengths = previous.lengths.slice();
  for (const r of changed) lengths[r] = lengthOf(vectors[r]!);
  const averageLength = roundedAverage(lengths);
  if (averageLength !== previous.statistics.averageLength) return undefined;

  const before = changed.map((r) => previousVector(previous, r, vectorOf));
  const shifted = before.every((v) => v !== undefined)
    ? shiftFrequencies(previous.statistics, before as TermVector[], changed.map((r) => vectors[r]!))
    : undefined;
  const frequencies = shifted?.table ?? documentFrequencies(vectors);
  const moved = shifted?.moved ?? differingTerms(previous.statistics, frequencies);
  const statistics = { docCount: n, averageLength, ...frequencies };
  const weighed = new Uint8Array(n);
  for (const r of changed) weighed[r] = 1;
  if (moved.length > 0) for (let i = 0; i < n; i++) if (!weighed[i] && holdsAny(vectors[i]!.ids, moved)) weighed[i] = 1;
  const old: SignatureTable = { start: previous.signatureStart, hash: previous.signatureHash, weight: previous.signatureWeight };
  const sig = reweigh(vectors, SIGNATURE_TERMS, statistics, lengths, old, weighed);
  const recompute = toRecompute(previous, sig, weighed, frame.listable);

  // The same scoring as a whole computation, for the marked bulletins only.
  const { lists, runs, recomputed } = workOutLists(frame, numbered(sig.start, sig.hash, sig.weight), true, { recompute, previous });
  return {
    lists,
    state: { fingerprints, lengths, statistics, signatureStart: sig.start, signatureHash: sig.hash, signatureWeight: sig.weight, ...runs! },
    recomputed,
  };
}

/** Bulletin r's vector as the last computation had it, if the caller still has it (checked by its fingerprint). */
function previousVector(previous: RelatedState, r: number, vectorOf?: (source: string) => TermVector | undefined): TermVector | undefined {
  const source = previous.sources[r];
  const v = source ? vectorOf?.(source) : undefined;
  if (!v || !(v.ids instanceof Int32Array) || !(v.counts instanceof Float32Array) || v.ids.length !== v.counts.length) return undefined;
  const check = new Int32Array(2);
  fingerprintInto(v, check, 0);
  return check[0] === previous.fingerprints[2 * r] && check[1] === previous.fingerprints[2 * r + 1] ? v : undefined;
}

/**
 * Which bulletins' lists an update can change (1), given which were weighed again: those whose
 * signature changed; those whose signature holds a term that some bulletin took into or out of its
 * signature (the inverted list they find candidates in changed); and those with a candidate whose
 * signature changed (its score did). Any other bulletin has the same signature, finds the same
 * candidates and scores each the same: its list is the one it had.
 */
function toRecompute(previous: RelatedState, sig: SignatureTable, weighed: Uint8Array, listable: readonly boolean[]): Uint8Array {
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
