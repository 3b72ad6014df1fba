import type { OutputFile } from '../output/write-site.js';
import type { RenderedBulletin } from '../markdown/render-all.js';
import type { SitePlan } from '../site/page-plan.js';
import { hashOf } from '../cache/hash.js';
import { buildIndex } from './build-index.js';
import { docTerms, TermDictionary, type DocTerms } from './doc-terms.js';
import { isSearchable, searchDocs, type SearchDoc } from './search-doc.js';
import { DEFAULT_OPTIONS, serializeIndex, type SerializeOptions } from './serialize-index.js';

export { searchDocs, type SearchDoc } from './search-doc.js';
export { buildIndex, postingsOf, type InvertedIndex } from './build-index.js';
export { serializeIndex, type SerializeOptions } from './serialize-index.js';

type Rendered = Pick<RenderedBulletin, 'text' | 'summary'>;

/**
 * Term lists of earlier builds in this process, by rendering. The Markdown cache hands an unchanged
 * bulletin's rendering back as the same object, so a watch rebuild tokenizes only what changed; the
 * fields are compared as well, since the rendering does not hold agency and tags.
 */
const dictionary = new TermDictionary();
const remembered = new WeakMap<object, { doc: SearchDoc; terms: DocTerms; key?: string }>();

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
  rendered: readonly Rendered[],
  options: SerializeOptions = DEFAULT_OPTIONS,
  /** Term lists of earlier builds on disk (see `StoredTerms`), so a new process tokenizes only what changed. */
  store?: TermStore,
): { files: OutputFile[]; reused: number; total: number } {
  const docs = searchDocs(plan, rendered);
  const sources = plan.bulletins.flatMap((b, i) => (isSearchable(b) ? [rendered[i]!] : []));
  let reused = 0;
  const vectors = docs.map((doc, d) => {
    const known = remembered.get(sources[d]!);
    if (known && sameText(known.doc, doc) && (store === undefined || known.key !== undefined)) {
      reused++;
      // Asked for, so that saving the cache keeps it (what no build asks for is dropped).
      if (known.key !== undefined) store!.get(known.key);
      return known.terms;
    }
    const key = store && hashOf(doc.title, doc.agency, doc.tags.join('\n'), doc.text);
    const stored = key === undefined ? undefined : store!.get(key);
    let terms: DocTerms;
    if (stored) {
      reused++;
      terms = { ids: Uint32Array.from(stored.terms.split(SEPARATOR), (t) => dictionary.idOf(t)), counts: stored.counts, length: stored.length };
    } else {
      terms = docTerms(doc, dictionary);
      if (key !== undefined) store!.set(key, { terms: Array.from(terms.ids, (id) => dictionary.terms[id]!).join(SEPARATOR), counts: terms.counts, length: terms.length });
    }
    remembered.set(sources[d]!, { doc, terms, key });
    return terms;
  });
  return { files: serializeIndex(buildIndex(docs, vectors, dictionary), docs, options), reused, total: docs.length };
}

/** The files of the search stage (see `searchIndex`). Pure in effect: same plan and texts, same bytes. */
export function searchIndexFiles(plan: Pick<SitePlan, 'bulletins'>, rendered: readonly Rendered[], options: SerializeOptions = DEFAULT_OPTIONS): OutputFile[] {
  return searchIndex(plan, rendered, options).files;
}

function sameText(a: SearchDoc, b: SearchDoc): boolean {
  return a.title === b.title && a.agency === b.agency && a.text === b.text && a.tags.length === b.tags.length && a.tags.every((t, k) => t === b.tags[k]);
}
