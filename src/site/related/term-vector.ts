import { findSlot } from './probe.js';
import { forEachTokenPaired } from '../../text/tokenize.js';

/**
 * One bulletin's bag of terms, computed where its Markdown is rendered and kept in the build cache,
 * so an unchanged bulletin is never tokenized again. Terms are stored as 32-bit hashes rather than
 * strings: 20,000 bulletins hold about 7 million (term, count) pairs, which as strings would cost
 * several hundred MB, and as typed arrays cost 8 bytes a pair and cross worker threads by copy or
 * transfer. Two different terms sharing a hash (a few in a million) merely blur one dimension.
 */
export interface TermVector {
  /**
   * Term hashes as signed 32-bit integers, ascending, each once; never 0. Signed so that V8 keeps
   * every hash an unboxed small integer (an unsigned one above 2^31 becomes a heap number).
   */
  ids: Int32Array;
  /** Occurrences of each term; a title occurrence counts `TITLE_WEIGHT`. */
  counts: Float32Array;
}

/** A title states what a bulletin is about in a few words, so each of its terms counts as three in the body. */
export const TITLE_WEIGHT = 3;

/** The term vector of a bulletin's title and plain body text. Pure and deterministic. */
export function termVector(title: string, body: string): TermVector {
  const table = scratch;
  // CJK bigrams, most terms, are hashed from their two code units without being made into strings.
  forEachTokenPaired(title, (term) => table.add(hashTerm(term), TITLE_WEIGHT), (a, b) => table.add(hashPair(a, b), TITLE_WEIGHT));
  forEachTokenPaired(body, (term) => table.add(hashTerm(term), 1), (a, b) => table.add(hashPair(a, b), 1));
  return table.drain();
}

/**
 * Counts per term hash in an open-addressing table that is reused from one bulletin to the next and
 * emptied slot by slot: twice as fast as a fresh `Map` per bulletin, which was most of the cost of
 * tokenizing. Module state is safe here: `termVector` runs to completion without yielding, and
 * every worker thread has its own copy.
 */
class CountTable {
  private keys = new Int32Array(1 << 12);
  private counts = new Float32Array(1 << 12);
  private used: number[] = [];

  add(id: number, weight: number): void {
    let slot = this.find(id);
    if (this.keys[slot] === 0) {
      if ((this.used.length + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.find(id);
      }
      this.keys[slot] = id;
      this.used.push(slot);
    }
    this.counts[slot]! += weight;
  }

  /** The counted terms in ascending hash order; leaves the table empty. */
  drain(): TermVector {
    // Plain loops: TypedArray.from with a mapping function goes through the iterator protocol (3x slower here).
    const { keys, used } = this;
    const n = used.length;
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = keys[used[i]!]!;
    ids.sort();
    const counts = new Float32Array(n);
    for (let i = 0; i < n; i++) counts[i] = this.counts[this.find(ids[i]!)]!;
    for (let i = 0; i < n; i++) {
      keys[used[i]!] = 0;
      this.counts[used[i]!] = 0;
    }
    used.length = 0;
    return { ids, counts };
  }

  private find(id: number): number {
    return findSlot(this.keys, id);
  }

  private grow(): void {
    const [keys, counts, used] = [this.keys, this.counts, this.used];
    this.keys = new Int32Array(keys.length * 2);
    this.counts = new Float32Array(keys.length * 2);
    this.used = [];
    for (const slot of used) {
      const to = this.find(keys[slot]!);
      this.keys[to] = keys[slot]!;
      this.counts[to] = counts[slot]!;
      this.used.push(to);
    }
  }
}

const scratch = new CountTable();

/** An empty vector, for bulletins with no text (and for callers that never rendered them). */
export const EMPTY_TERMS: TermVector = { ids: new Int32Array(0), counts: new Float32Array(0) };

/**
 * FNV-1a over UTF-16 code units, then MurmurHash3's finaliser so that short bigrams (two code units)
 * spread over all 32 bits. Signed; 0 is reserved as the empty slot of the count tables.
 */
export function hashTerm(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  return finish(h);
}

/** `hashTerm(String.fromCharCode(a, b))`, without the string. */
export function hashPair(a: number, b: number): number {
  return finish(Math.imul(Math.imul(0x811c9dc5 ^ a, 0x01000193) ^ b, 0x01000193));
}

function finish(fnv: number): number {
  let h = fnv;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0 || 1;
}
