import { forEachToken } from '../text/tokenize.js';
import type { SearchDoc } from './search-doc.js';

/** BM25 parameters (the usual defaults) and how much more a title term counts than a body term. */
const K1 = 1.2;
const B = 0.75;
const TITLE_BOOST = 3;
/** Weights are stored as small integers: `round(weight × SCALE)`, at least 1. */
export const WEIGHT_SCALE = 40;

/** A term's postings: doc ids ascending (newest first) and one weight per id. */
export interface Postings {
  ids: number[];
  weights: number[];
}

export interface Facet {
  name: string;
  count: number;
}

export interface InvertedIndex {
  docCount: number;
  /** Every term, including facet terms (`#a<n>` for agency n, `#t<n>` for tag n). */
  terms: Map<string, Postings>;
  agencies: Facet[];
  tags: Facet[];
  /** Newest year first; docs of one year have consecutive ids, so a year is an id range. */
  years: { year: number; first: number; count: number }[];
}

/**
 * Builds the inverted index with the shared tokenizer, so the browser splits a query exactly as
 * the index was split. Each posting stores the document's BM25 term weight, already normalised by
 * document length (BM25F-style: title terms count TITLE_BOOST times), so the browser needs only
 * the postings and the document frequency (the postings' length) to rank.
 */
export function buildIndex(docs: readonly SearchDoc[]): InvertedIndex {
  const terms = new Map<string, Postings>();
  const lengths: number[] = [];
  const counts = new Map<string, number>();
  for (const doc of docs) {
    counts.clear();
    let length = 0;
    const add = (weight: number) => (term: string) => {
      counts.set(term, (counts.get(term) ?? 0) + weight);
      length += weight;
    };
    forEachToken(doc.title, add(TITLE_BOOST));
    // Newlines keep tag and agency names from running into each other as one CJK run.
    forEachToken(`${doc.agency}\n${doc.tags.join('\n')}\n${doc.text}`, add(1));
    lengths.push(length);
    for (const [term, tf] of counts) {
      let p = terms.get(term);
      if (!p) terms.set(term, (p = { ids: [], weights: [] }));
      p.ids.push(doc.id);
      p.weights.push(tf);
    }
  }
  // Raw frequencies → BM25 weights, once the average length is known (one tokenizing pass only).
  const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length) || 1;
  for (const p of terms.values()) {
    for (let k = 0; k < p.ids.length; k++) {
      const tf = p.weights[k]!;
      const w = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * lengths[p.ids[k]!]!) / avg));
      p.weights[k] = Math.max(1, Math.round(w * WEIGHT_SCALE));
    }
  }
  const agencies = facet(docs.map((d) => [d.agency]));
  const tags = facet(docs.map((d) => d.tags));
  addFacetTerms(terms, '#a', agencies, docs.map((d) => [d.agency]));
  addFacetTerms(terms, '#t', tags, docs.map((d) => d.tags));
  return { docCount: docs.length, terms, agencies, tags, years: yearRanges(docs) };
}

/** Facet values, most used first, then by name in code-unit order (locale-free, so deterministic). */
function facet(values: readonly (readonly string[])[]): Facet[] {
  const count = new Map<string, number>();
  for (const list of values) for (const v of new Set(list)) count.set(v, (count.get(v) ?? 0) + 1);
  return [...count]
    .map(([name, n]) => ({ name, count: n }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Filters are postings too: `#a3` lists the docs of agency 3. The tokenizer never emits `#`. */
function addFacetTerms(terms: Map<string, Postings>, prefix: string, facets: readonly Facet[], values: readonly (readonly string[])[]): void {
  const index = new Map(facets.map((f, n) => [f.name, n] as const));
  values.forEach((list, id) => {
    for (const v of new Set(list)) {
      const key = prefix + index.get(v)!;
      let p = terms.get(key);
      if (!p) terms.set(key, (p = { ids: [], weights: [] }));
      p.ids.push(id);
      p.weights.push(0);
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
