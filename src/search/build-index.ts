import type { SearchDoc } from './search-doc.js';
import { docTerms, TermDictionary, type DocTerms } from './doc-terms.js';
import { MAX_WEIGHT } from './posting-codec.js';

/** BM25 parameters (the usual defaults). */
const K1 = 1.2;
const B = 0.75;
/** Weights are stored as small integers, `round(weight × SCALE)`: BM25's 0…2.2 becomes 1…31, one character. */
export const WEIGHT_SCALE = 14;

export interface Facet {
  name: string;
  count: number;
}

/**
 * The inverted index in compressed-sparse-row form: term n's postings are
 * `ids[start[n] … start[n+1])` (ascending, so newest first) with one weight each. Typed arrays, not a
 * Map of arrays: at 20,000 bulletins there are ten million postings, and JavaScript arrays of them
 * cost several times the memory and most of the time in garbage collection.
 */
export interface InvertedIndex {
  docCount: number;
  terms: string[];
  start: Uint32Array;
  ids: Uint32Array;
  weights: Uint8Array;
  /** Filters are postings too: `#a3` lists the docs of agency 3 (the tokenizer never emits `#`). */
  facetPostings: Map<string, number[]>;
  agencies: Facet[];
  tags: Facet[];
  /** Newest year first; docs of one year have consecutive ids, so a year is an id range. */
  years: { year: number; first: number; count: number }[];
}

/**
 * Builds the inverted index from each document's terms (`docTerms`, computed here unless given), so
 * the browser splits a query exactly as the index was split. Each posting stores the document's
 * BM25 term weight, already normalised by document length, so the browser needs only the postings
 * and the document frequency (the postings' length) to rank.
 */
export function buildIndex(docs: readonly SearchDoc[], vectors?: readonly DocTerms[], dictionary?: TermDictionary): InvertedIndex {
  if (!vectors || !dictionary) {
    dictionary = new TermDictionary();
    vectors = docs.map((doc) => docTerms(doc, dictionary!));
  }
  // Only terms some document has get a row; rows follow first appearance in this build.
  const row = new Int32Array(dictionary.terms.length).fill(-1);
  const terms: string[] = [];
  const df: number[] = [];
  for (const v of vectors) {
    for (const id of v.ids) {
      if (row[id] === -1) {
        row[id] = terms.length;
        terms.push(dictionary.terms[id]!);
        df.push(0);
      }
      df[row[id]!]!++;
    }
  }
  const start = new Uint32Array(terms.length + 1);
  for (let n = 0; n < terms.length; n++) start[n + 1] = start[n]! + df[n]!;
  const fill = start.slice(0, terms.length);
  const ids = new Uint32Array(start[terms.length]!);
  const weights = new Uint8Array(ids.length);
  const avg = vectors.reduce((a, v) => a + v.length, 0) / Math.max(1, docs.length) || 1;
  vectors.forEach((v, d) => {
    const norm = K1 * (1 - B + (B * v.length) / avg);
    for (let k = 0; k < v.ids.length; k++) {
      const slot = fill[row[v.ids[k]!]!]!++;
      const f = v.counts[k]!;
      ids[slot] = d;
      weights[slot] = Math.min(MAX_WEIGHT, Math.max(1, Math.round(((f * (K1 + 1)) / (f + norm)) * WEIGHT_SCALE)));
    }
  });

  const agencies = facet(docs.map((d) => [d.agency]));
  const tags = facet(docs.map((d) => d.tags));
  const facetPostings = new Map<string, number[]>();
  addFacetTerms(facetPostings, '#a', agencies, docs.map((d) => [d.agency]));
  addFacetTerms(facetPostings, '#t', tags, docs.map((d) => d.tags));
  return { docCount: docs.length, terms, start, ids, weights, facetPostings, agencies, tags, years: yearRanges(docs) };
}

/** One term's postings (for tests and tools); undefined when no document has the term. */
export function postingsOf(index: InvertedIndex, term: string): { ids: number[]; weights: number[] } | undefined {
  const n = index.terms.indexOf(term);
  if (n < 0) return undefined;
  const [a, b] = [index.start[n]!, index.start[n + 1]!];
  return { ids: [...index.ids.subarray(a, b)], weights: [...index.weights.subarray(a, b)] };
}

/** Facet values, most used first, then by name in code-unit order (locale-free, so deterministic). */
function facet(values: readonly (readonly string[])[]): Facet[] {
  const count = new Map<string, number>();
  for (const list of values) for (const v of new Set(list)) count.set(v, (count.get(v) ?? 0) + 1);
  return [...count]
    .map(([name, n]) => ({ name, count: n }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function addFacetTerms(out: Map<string, number[]>, prefix: string, facets: readonly Facet[], values: readonly (readonly string[])[]): void {
  const index = new Map(facets.map((f, n) => [f.name, n] as const));
  values.forEach((list, id) => {
    for (const v of new Set(list)) {
      const key = prefix + index.get(v)!;
      let ids = out.get(key);
      if (!ids) out.set(key, (ids = []));
      ids.push(id);
    }
  });
}

function yearRanges(docs: readonly SearchDoc[]): InvertedIndex['years'] {
  const out: InvertedIndex['years'] = [];
  for (const d of docs) {
    const last = out.at(-1);
    if (last?.year === d.year) last.count++;
    else if (out.some((y) => y.year === d.year)) throw new Error(`Search documents are not in date order (year ${d.year} seen twice).`);
    else out.push({ year: d.year, first: d.id, count: 1 });
  }
  return out;
}
