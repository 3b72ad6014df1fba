import type { OutputFile } from '../output/write-site.js';
import type { SitePlan } from '../site/page-plan.js';
import { hashOf } from '../cache/hash.js';
import { buildIndex } from './build-index.js';
import { docTerms, TermDictionary, type DocTerms } from './doc-terms.js';
import { StoredTermSpace, type TermStore } from './stored-terms.js';
import { isSearchable, searchDocs, type SearchDoc, type SearchSource } from './search-doc.js';
import { DEFAULT_OPTIONS, serializeIndex, type SerializeOptions } from './serialize-index.js';

export { searchDocs, type SearchDoc } from './search-doc.js';
export { buildIndex, postingsOf, type InvertedIndex } from './build-index.js';
export { serializeIndex, type SerializeOptions } from './serialize-index.js';

export type { StoredDictionary, StoredTerms, TermStore } from './stored-terms.js';

/**
 * The search stage: the files under `search/` for the search page; `reused` of the `total` searchable
 * bulletins kept their term lists from an earlier build (see stored-terms.ts).
 */
export function searchIndex(
  plan: Pick<SitePlan, 'bulletins'>,
  rendered: readonly SearchSource[],
  options: SerializeOptions = DEFAULT_OPTIONS,
  /** Term lists of earlier builds (see stored-terms.ts), so a build tokenizes only what changed. */
  store?: TermStore,
): { files: OutputFile[]; reused: number; total: number } {
  const docs = searchDocs(plan, rendered);
  const sources = plan.bulletins.flatMap((b, i) => (isSearchable(b) ? [{ summary: b.summary, rendered: rendered[i]! }] : []));
  const space = store && new StoredTermSpace(store);
  const dictionary = space?.dictionary ?? new TermDictionary();
  const lists = new Map<string, DocTerms>();
  let reused = 0;
  const vectors = docs.map((doc, d) => {
    if (!space) return docTerms(doc, dictionary);
    const key = termsKey(doc, sources[d]!.summary, sources[d]!.rendered);
    let terms = lists.get(key) ?? space.get(key);
    if (terms) reused++;
    else space.set(key, (terms = docTerms(doc, dictionary)));
    lists.set(key, terms);
    return terms;
  });
  const index = buildIndex(docs, vectors, dictionary);
  space?.finish(lists, index.terms.length);
  return { files: serializeIndex(index, docs, options), reused, total: docs.length };
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
