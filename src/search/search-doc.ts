import type { RenderedBulletin } from '../markdown/render-all.js';
import type { SitePlan } from '../site/page-plan.js';
import type { Bulletin } from '../content/bulletin.js';
import { formatDisplayDate } from '../content/dates.js';

/** One bulletin as the search index sees it. `id` is its rank in publication order, newest = 0. */
export interface SearchDoc {
  id: number;
  title: string;
  /** Site path without the leading slash (`2020/05/foo/`), resolved against the site root. */
  url: string;
  /** Date as list pages show it (`2020-05-14`, `14 May 2020`). */
  date: string;
  year: number;
  lang: string;
  agency: string;
  tags: string[];
  /** Summary and body as plain text: what is searched besides title, agency and tags. */
  text: string;
  /**
   * The excerpt rendering made (see RenderedBulletin.excerpt), when it made one: the index uses it at the
   * default excerpt length, so an unchanged bulletin's text is never read.
   */
  excerpt?: string;
}

/**
 * The bulletins a reader can find: every one with a page in this build, newest first, except
 * withdrawn ones (their text was withdrawn; the archives still list them). Order is the plan's, so
 * ids are stable for a given content set and the year of consecutive ids never goes back.
 */
export function searchDocs(plan: Pick<SitePlan, 'bulletins'>, rendered: readonly SearchSource[]): SearchDoc[] {
  const docs: SearchDoc[] = [];
  plan.bulletins.forEach((b, i) => {
    if (!isSearchable(b)) return;
    const r = rendered[i]!;
    docs.push({
      id: docs.length,
      title: b.title,
      url: b.url.replace(/^\//, ''),
      date: formatDisplayDate(b.date, b.lang, false),
      year: b.date.year,
      lang: b.lang,
      agency: b.agency,
      tags: b.tags,
      // Read on first use: a cached rendering's text stays on disk unless its terms must be counted again.
      get text() {
        return withSummary(b.summary, r.text);
      },
      excerpt: r.excerpt,
    });
  });
  return docs;
}

/** What a search document is made of besides the bulletin's fields. */
export type SearchSource = Pick<RenderedBulletin, 'text' | 'summary'> & Partial<Pick<RenderedBulletin, 'excerpt' | 'textHash'>>;

/** Withdrawn bulletins are not searchable: their text was withdrawn. */
export function isSearchable(b: Pick<Bulletin, 'withdrawn'>): boolean {
  return !b.withdrawn;
}

/**
 * A bulletin's text as search and related articles read it: an explicit summary is the editor's own
 * abstract, so it counts like body text; a derived one is already part of the body, so it is not added.
 */
export function withSummary(summary: string | undefined, text: string): string {
  return summary ? `${summary}\n${text}` : text;
}
