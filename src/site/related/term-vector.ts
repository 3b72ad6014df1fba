import { forEachToken } from '../../text/tokenize.js';

/**
 * One bulletin's bag of terms, computed where its Markdown is rendered and kept in the build cache,
 * so an unchanged bulletin is never tokenized again. Terms are stored as 32-bit hashes rather than
 * strings: 20,000 bulletins hold about 7 million (term, count) pairs, which as strings would cost
 * several hundred MB, and as typed arrays cost 8 bytes a pair and cross worker threads by copy or
 * transfer. Two different terms sharing a hash (a few in a million) merely blur one dimension.
 */
export interface TermVector {
  /** Term hashes, ascending, each once; never 0. */
  ids: Uint32Array;
  /** Occurrences of each term; a title occurrence counts `TITLE_WEIGHT`. */
  counts: Float32Array;
}

/** A title states what a bulletin is about in a few words, so each of its terms counts as three in the body. */
export const TITLE_WEIGHT = 3;

/** The term vector of a bulletin's title and plain body text. Pure and deterministic. */
export function termVector(title: string, body: string): TermVector {
  const counts = new Map<number, number>();
  const add = (weight: number) => (term: string) => {
    const id = hashTerm(term);
    counts.set(id, (counts.get(id) ?? 0) + weight);
  };
  forEachToken(title, add(TITLE_WEIGHT));
  forEachToken(body, add(1));
  const ids = Uint32Array.from(counts.keys()).sort();
  return { ids, counts: Float32Array.from(ids, (id) => counts.get(id)!) };
}

/** An empty vector, for bulletins with no text (and for callers that never rendered them). */
export const EMPTY_TERMS: TermVector = { ids: new Uint32Array(0), counts: new Float32Array(0) };

/**
 * FNV-1a over UTF-16 code units, then MurmurHash3's finaliser so that short bigrams (two code units)
 * spread over all 32 bits. 0 is reserved as the empty slot of the term table.
 */
export function hashTerm(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || 1;
}
