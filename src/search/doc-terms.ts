import { forEachTokenPaired } from '../text/tokenize.js';
import { edgesOfRun, forEachEdgeUnigramCoded } from './edge-unigrams.js';
import type { SearchDoc } from './search-doc.js';

/** How much more a title term counts than a body term (BM25F-style field weight). */
const TITLE_BOOST = 3;

/**
 * Terms as small integers, shared by the documents of a build — and of later builds in the same
 * process, so that a watch rebuild can keep the term lists of unchanged bulletins. Ids never leave
 * the process: the index files are keyed and ordered by the terms themselves, so they do not depend
 * on the order in which terms were first seen.
 */
export class TermDictionary {
  readonly terms: string[] = [];
  private readonly ids = new Map<string, number>();
  /**
   * Ids of CJK bigrams by their two code units packed in one integer (`a << 16 | b`, never 0 since
   * CJK code units are far above 0): open addressing in typed arrays, as most terms of a Chinese text
   * are bigrams and a Map of strings made tokenizing the largest part of the search stage.
   */
  private pairKeys = new Int32Array(1 << 14);
  private pairIds = new Int32Array(1 << 14);
  private pairs = 0;
  /** Ids of one-character terms by code unit; -1 where not seen yet. */
  private readonly charIds = new Int32Array(1 << 16).fill(-1);

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
  }

  /** `idOf` the two-character term with these UTF-16 code units. */
  idOfPair(a: number, b: number): number {
    const key = (a << 16) | b;
    const slot = this.pairSlot(key);
    if (this.pairKeys[slot] === key) return this.pairIds[slot]!;
    const id = this.idOf(String.fromCharCode(a, b));
    if ((this.pairs + 1) * 2 > this.pairKeys.length) this.growPairs();
    const free = this.pairSlot(key);
    this.pairKeys[free] = key;
    this.pairIds[free] = id;
    this.pairs++;
    return id;
  }

  /** `idOf` the one-character term with this UTF-16 code unit. */
  idOfChar(code: number): number {
    let id = this.charIds[code]!;
    if (id === -1) this.charIds[code] = id = this.idOf(String.fromCharCode(code));
    return id;
  }

  private pairSlot(key: number): number {
    const mask = this.pairKeys.length - 1;
    // Multiplicative hashing: the low bits alone would be just the second character.
    let slot = Math.imul(key, 0x9e3779b1) >>> 0 & mask;
    while (this.pairKeys[slot] !== 0 && this.pairKeys[slot] !== key) slot = (slot + 1) & mask;
    return slot;
  }

  private growPairs(): void {
    const [keys, ids] = [this.pairKeys, this.pairIds];
    this.pairKeys = new Int32Array(keys.length * 2);
    this.pairIds = new Int32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const slot = this.pairSlot(keys[i]!);
      this.pairKeys[slot] = keys[i]!;
      this.pairIds[slot] = ids[i]!;
    }
  }
}

/** One document's distinct terms (dictionary ids) with their weighted counts, and its weighted length. */
export interface DocTerms {
  ids: Uint32Array;
  counts: Uint32Array;
  length: number;
}

let scratch = new Uint32Array(1 << 12);
const touched: number[] = [];

/**
 * Tokenizes a document with the shared tokenizer — title (counting TITLE_BOOST times), agency,
 * tags and text — plus the edges of CJK runs (see edge-unigrams.ts).
 */
export function docTerms(doc: Pick<SearchDoc, 'title' | 'agency' | 'tags' | 'text'>, dictionary: TermDictionary): DocTerms {
  let weight = TITLE_BOOST;
  let length = 0;
  const count = (id: number): void => {
    if (id >= scratch.length) {
      const bigger = new Uint32Array(Math.max(scratch.length * 2, id + 1));
      bigger.set(scratch);
      scratch = bigger;
    }
    if (scratch[id] === 0) touched.push(id);
    scratch[id]! += weight;
    length += weight;
  };
  const emit = (term: string): void => count(term.length === 1 ? dictionary.idOfChar(term.charCodeAt(0)) : dictionary.idOf(term));
  const emitPair = (a: number, b: number): void => count(dictionary.idOfPair(a, b));
  const emitChar = (code: number): void => count(dictionary.idOfChar(code));
  // Each text's terms, then the edges of its CJK runs: told by the tokenizer as it meets them when it
  // can (one pass instead of two; the counts do not depend on the order), else found in a pass of their own.
  const termsAndEdges = (text: string) => {
    if (!forEachTokenPaired(text, emit, emitPair, (start, end) => edgesOfRun(text, start, end, emit, emitChar))) forEachEdgeUnigramCoded(text, emit, emitChar);
  };
  termsAndEdges(doc.title);
  weight = 1;
  // Newlines keep tag and agency names from running into each other as one CJK run.
  termsAndEdges(`${doc.agency}\n${doc.tags.join('\n')}\n${doc.text}`);
  // Plain loops: TypedArray.from goes through the iterator protocol.
  const n = touched.length;
  const ids = new Uint32Array(n);
  const counts = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const id = touched[i]!;
    ids[i] = id;
    counts[i] = scratch[id]!;
    scratch[id] = 0;
  }
  touched.length = 0;
  return { ids, counts, length };
}
