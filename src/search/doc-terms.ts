import { forEachToken } from '../text/tokenize.js';
import { forEachEdgeUnigram } from './edge-unigrams.js';
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

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
    }
    return id;
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
export function docTerms(doc: SearchDoc, dictionary: TermDictionary): DocTerms {
  let weight = TITLE_BOOST;
  let length = 0;
  const emit = (term: string): void => {
    const id = dictionary.idOf(term);
    if (id >= scratch.length) {
      const bigger = new Uint32Array(Math.max(scratch.length * 2, id + 1));
      bigger.set(scratch);
      scratch = bigger;
    }
    if (scratch[id] === 0) touched.push(id);
    scratch[id]! += weight;
    length += weight;
  };
  forEachToken(doc.title, emit);
  forEachEdgeUnigram(doc.title, emit);
  weight = 1;
  // Newlines keep tag and agency names from running into each other as one CJK run.
  const text = `${doc.agency}\n${doc.tags.join('\n')}\n${doc.text}`;
  forEachToken(text, emit);
  forEachEdgeUnigram(text, emit);
  const ids = Uint32Array.from(touched);
  const counts = Uint32Array.from(touched, (id) => scratch[id]!);
  for (const id of touched) scratch[id] = 0;
  touched.length = 0;
  return { ids, counts, length };
}
