import { BestList } from './best-list.js';
import { gatherCandidates, rankCandidates, type Frame } from './frame.js';
import { buildPostings } from './postings.js';
import type { Signatures } from './signatures.js';
import { RunsBuilder, type RelatedState } from './state.js';

/** Each bulletin's candidates as found and its list, as ranks, in the state's layout (see state.ts). */
export interface ListRuns {
  candidateStart: Int32Array;
  candidates: Int32Array;
  listStart: Int32Array;
  lists: Int32Array;
}

/**
 * Works out the related lists from the signatures: every bulletin's, or with `only`, those it marks,
 * the others copied from the previous state (see update.ts for when that is exact). Returns the lists
 * as item indices, and with `keep` (or `only`) the runs for the next state.
 */
export function workOutLists(
  frame: Frame,
  sig: Signatures,
  keep: boolean,
  only?: { recompute: Uint8Array; previous: RelatedState },
): { lists: number[][]; runs?: ListRuns; recomputed: number } {
  const { n, byRank } = frame;
  const { start, term, weight } = sig;
  const termLists = buildPostings(sig.termCount, frame.listable, (r, emit) => {
    for (let e = start[r]!; e < start[r + 1]!; e++) emit(term[e]!);
  });
  // Bulletin i's signature spread out by term, so scoring a candidate is one pass over its terms.
  const spread = new Float64Array(sig.termCount);
  const textOf = (j: number) => {
    let text = 0;
    for (let e = start[j]!, end = start[j + 1]!; e < end; e++) text += spread[term[e]!]! * weight[e]!;
    return text;
  };
  const termKey = (e: number) => term[e]!;
  const seenBy = new Int32Array(n).fill(-1);
  const candidates: number[] = [];
  const best = new BestList(frame.options.count);
  const found = keep || only ? new RunsBuilder(n, 80) : undefined;
  const listed = keep || only ? new RunsBuilder(n, frame.options.count) : undefined;
  const lists = new Array<number[]>(n);
  let recomputed = 0;
  for (let i = 0; i < n; ) {
    if (only && !only.recompute[i]) {
      // A run of bulletins whose lists are kept is copied at once.
      const { previous } = only;
      let to = i + 1;
      while (to < n && !only.recompute[to]) to++;
      found!.copy(i, to, previous.candidateStart, previous.candidates);
      listed!.copy(i, to, previous.listStart, previous.lists);
      for (; i < to; i++) {
        const list: number[] = [];
        for (let k = previous.listStart[i]!; k < previous.listStart[i + 1]!; k++) list.push(byRank[previous.lists[k]!]!);
        lists[byRank[i]!] = list;
      }
      continue;
    }
    recomputed++;
    const s0 = start[i]!;
    const s1 = start[i + 1]!;
    for (let e = s0; e < s1; e++) spread[term[e]!] = weight[e]!;
    gatherCandidates(frame, i, s0, s1, termKey, termLists, seenBy, candidates);
    const ranks = rankCandidates(frame, i, candidates, textOf, best);
    for (let e = s0; e < s1; e++) spread[term[e]!] = 0;
    lists[byRank[i]!] = ranks.map((r) => byRank[r]!);
    found?.add(i, candidates);
    listed?.add(i, ranks);
    i++;
  }
  const runs = found && listed ? { candidateStart: found.start, candidates: found.values(), listStart: listed.start, lists: listed.values() } : undefined;
  return { lists, runs, recomputed };
}
