import type { OutputFile } from '../output/write-site.js';
import type { SitePlan } from '../site/page-plan.js';
import type { Bulletin } from '../content/bulletin.js';
import { hashOf } from '../cache/hash.js';
import { buildIndex } from './build-index.js';
import { docTerms, TermDictionary, type DocTerms } from './doc-terms.js';
import { StoredTermSpace, type TermStore } from './stored-terms.js';
import { isSearchable, searchDocs, withSummary, type SearchDoc, type SearchSource } from './search-doc.js';
import { DEFAULT_OPTIONS, serializeIndex, type SerializeOptions } from './serialize-index.js';

export { searchDocs, type SearchDoc } from './search-doc.js';
export { buildIndex, postingsOf, type InvertedIndex } from './build-index.js';
export { serializeIndex, type SerializeOptions } from './serialize-index.js';

export type { StoredDictionary, StoredTerms, TermStore } from './stored-terms.js';

/**
 * Each searchable bulletin's term list, made once per build: early, as its rendering comes back from
 * a worker thread (`add`: the main thread only waits during the Markdown stage), or in the search
 * stage; or taken from the term lists of earlier builds (see stored-terms.ts).
 */
export class SearchTermLists {
  private space?: StoredTermSpace;
  private plain?: TermDictionary;
  /** Lists made by `add`, not yet taken by the search stage. */
  private readonly early = new Map<string, DocTerms>();

  /** `store`: the term lists of earlier builds, so a build tokenizes only what changed. */
  constructor(private readonly store?: TermStore) {}

  /**
   * The ids' dictionary. Made on first use: a stored dictionary is read only by a build that counts
   * terms (a warm build keeps the whole index and never asks).
   */
  get dictionary(): TermDictionary {
    return this.storedSpace()?.dictionary ?? (this.plain ??= new TermDictionary());
  }

  /** Counts a bulletin's terms now (its rendering just came in), unless an earlier build did. */
  add(b: Pick<Bulletin, 'title' | 'agency' | 'tags' | 'summary' | 'withdrawn'>, rendered: SearchSource): void {
    if (!isSearchable(b)) return;
    const key = termsKey(b, b.summary, rendered);
    if (this.early.has(key) || this.stored(key)) return;
    this.early.set(key, docTerms({ title: b.title, agency: b.agency, tags: b.tags, text: withSummary(b.summary, rendered.text) }, this.dictionary));
  }

  /** The terms of `doc`, named `key` (see `termsKey`), and whether an earlier build counted them. */
  take(key: string, doc: SearchDoc): { terms: DocTerms; reused: boolean } {
    const early = this.early.get(key);
    if (early) {
      this.space?.set(key, early);
      return { terms: early, reused: false };
    }
    const stored = this.stored(key);
    if (stored) return { terms: stored, reused: true };
    const terms = docTerms(doc, this.dictionary);
    this.space?.set(key, terms);
    return { terms, reused: false };
  }

  /** After the index is built from `lists` with `used` distinct terms (see StoredTermSpace.finish). */
  finish(lists: ReadonlyMap<string, DocTerms>, used: number): void {
    this.early.clear();
    this.space?.finish(lists, used);
  }

  private stored(key: string): DocTerms | undefined {
    return this.storedSpace()?.get(key);
  }

  private storedSpace(): StoredTermSpace | undefined {
    if (this.store) this.space ??= new StoredTermSpace(this.store);
    return this.space;
  }
}

/**
 * The search stage: the files under `search/` for the search page; `reused` of the `total` searchable
 * bulletins kept their term lists from an earlier build (see stored-terms.ts).
 */
export function searchIndex(
  plan: Pick<SitePlan, 'bulletins'>,
  rendered: readonly SearchSource[],
  options: SerializeOptions = DEFAULT_OPTIONS,
  /** Term lists counted so far, and those of earlier builds (see `SearchTermLists`). */
  lists = new SearchTermLists(),
): { files: OutputFile[]; reused: number; total: number } {
  const docs = searchDocs(plan, rendered);
  const sources = plan.bulletins.flatMap((b, i) => (isSearchable(b) ? [{ summary: b.summary, rendered: rendered[i]! }] : []));
  const byKey = new Map<string, DocTerms>();
  let reused = 0;
  const vectors = docs.map((doc, d) => {
    const key = termsKey(doc, sources[d]!.summary, sources[d]!.rendered);
    const same = byKey.get(key);
    if (same) {
      reused++; // the same fields and text as another bulletin of this build
      return same;
    }
    const taken = lists.take(key, doc);
    if (taken.reused) reused++;
    byKey.set(key, taken.terms);
    return taken.terms;
  });
  const index = buildIndex(docs, vectors, lists.dictionary);
  lists.finish(byKey, index.terms.length);
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
function termsKey(doc: Pick<SearchDoc, 'title' | 'agency' | 'tags'>, summary: string | undefined, rendered: SearchSource): string {
  const textHash = rendered.textHash ?? hashOf(rendered.text);
  return hashOf(doc.title, doc.agency, doc.tags.join('\n'), summary ? `summary:${summary}` : '', textHash);
}
