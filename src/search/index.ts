import type { OutputFile } from '../output/write-site.js';
import type { RenderedBulletin } from '../markdown/render-all.js';
import type { SitePlan } from '../site/page-plan.js';
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
const remembered = new WeakMap<object, { doc: SearchDoc; terms: DocTerms }>();

/**
 * The search stage: the files under `search/` for the search page; `reused` of the `total` searchable
 * bulletins kept their term lists from an earlier build in this process.
 */
export function searchIndex(
  plan: Pick<SitePlan, 'bulletins'>,
  rendered: readonly Rendered[],
  options: SerializeOptions = DEFAULT_OPTIONS,
): { files: OutputFile[]; reused: number; total: number } {
  const docs = searchDocs(plan, rendered);
  const sources = plan.bulletins.flatMap((b, i) => (isSearchable(b) ? [rendered[i]!] : []));
  let reused = 0;
  const vectors = docs.map((doc, d) => {
    const known = remembered.get(sources[d]!);
    if (known && sameText(known.doc, doc)) {
      reused++;
      return known.terms;
    }
    const terms = docTerms(doc, dictionary);
    remembered.set(sources[d]!, { doc, terms });
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
