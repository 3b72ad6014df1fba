import type { OutputFile } from '../output/write-site.js';
import type { SitePlan } from '../site/page-plan.js';
import { hashOf } from '../cache/hash.js';
import { buildIndex } from './build-index.js';
import { docTerms, TermDictionary, type DocTerms } from './doc-terms.js';
import { isSearchable, searchDocs, type SearchDoc, type SearchSource } from './search-doc.js';
import { DEFAULT_OPTIONS, serializeIndex, type SerializeOptions } from './serialize-index.js';

export { searchDocs, type SearchDoc } from './search-doc.js';
export { buildIndex, postingsOf, type InvertedIndex } from './build-index.js';
export { serializeIndex, type SerializeOptions } from './serialize-index.js';

/**
 * Term lists of the last build in this process, by the key that names their document (`termsKey`),
 * so a watch rebuild tokenizes only what changed. Term ids are this process's dictionary's.
 */
const dictionary = new TermDictionary();
let remembered = new Map<string, DocTerms>();

/**
 * One document's term list as the cache keeps it between processes: the terms themselves (dictionary
 * ids belong to one process), joined by a character no term contains, with their weighted counts.
 */
export interface StoredTerms {
  terms: string;
  counts: Uint32Array;
  length: number;
}
export interface TermStore {
  get(key: string): StoredTerms | undefined;
  set(key: string, value: StoredTerms): void;
}
/** Terms are runs of letters, digits or CJK characters (see text/tokenize.ts): never a control character. */
const SEPARATOR = '\u0001';

/**
 * The search stage: the files under `search/` for the search page; `reused` of the `total` searchable
 * bulletins kept their term lists from an earlier build in this process.
 */
export function searchIndex(
  plan: Pick<SitePlan, 'bulletins'>,
  rendered: readonly SearchSource[],
  options: SerializeOptions = DEFAULT_OPTIONS,
  /** Term lists of earlier builds on disk (see `StoredTerms`), so a new process tokenizes only what changed. */
  store?: TermStore,
): { files: OutputFile[]; reused: number; total: number } {
  const docs = searchDocs(plan, rendered);
  const sources = plan.bulletins.flatMap((b, i) => (isSearchable(b) ? [{ summary: b.summary, rendered: rendered[i]! }] : []));
  const next = new Map<string, DocTerms>();
  let reused = 0;
  const vectors = docs.map((doc, d) => {
    const key = termsKey(doc, sources[d]!.summary, sources[d]!.rendered);
    const known = remembered.get(key) ?? next.get(key);
    // Asked for even when known, so that saving the cache keeps it (what no build asks for is dropped).
    const stored = store?.get(key);
    let terms: DocTerms;
    if (known || stored) {
      reused++;
      terms = known ?? { ids: Uint32Array.from(stored!.terms.split(SEPARATOR), (t) => dictionary.idOf(t)), counts: stored!.counts, length: stored!.length };
    } else terms = docTerms(doc, dictionary);
    if (store && !stored) store.set(key, { terms: Array.from(terms.ids, (id) => dictionary.terms[id]!).join(SEPARATOR), counts: terms.counts, length: terms.length });
    next.set(key, terms);
    return terms;
  });
  remembered = next;
  return { files: serializeIndex(buildIndex(docs, vectors, dictionary), docs, options), reused, total: docs.length };
}

/** The files of the search stage (see `searchIndex`). Pure in effect: same plan and texts, same bytes. */
export function searchIndexFiles(plan: Pick<SitePlan, 'bulletins'>, rendered: readonly SearchSource[], options: SerializeOptions = DEFAULT_OPTIONS): OutputFile[] {
  return searchIndex(plan, rendered, options).files;
}

/**
 * Names a document's terms: its fields and its text, the text by the hash rendering made of it (so an
 * unchanged bulletin's text is neither read nor hashed again), or else by hashing it here.
 */
function termsKey(doc: SearchDoc, summary: string | undefined, rendered: SearchSource): string {
  const textHash = rendered.textHash ?? hashOf(rendered.text);
  return hashOf(doc.title, doc.agency, doc.tags.join('\n'), summary ? `summary:${summary}` : '', textHash);
}
