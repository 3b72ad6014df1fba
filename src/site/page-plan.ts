import type { Bulletin } from '../content/bulletin.js';

export type ListKind = 'home' | 'year' | 'month' | 'agency' | 'tag';

/** A bulletin as the planner hands it on: index into `SitePlan.bulletins`. */
export type BulletinRef = number;

export interface Term {
  name: string;
  slug: string;
  url: string;
  /** Newest first. */
  items: BulletinRef[];
}

export interface MonthArchive {
  year: number;
  month: number;
  url: string;
  items: BulletinRef[];
}

export interface YearArchive {
  year: number;
  url: string;
  items: BulletinRef[];
  /** Newest month first. */
  months: MonthArchive[];
}

export interface ListPage {
  type: 'list';
  url: string;
  list: ListKind;
  /** The year, `yyyy/mm`, agency name or tag name the list is about (empty for home). */
  key: string;
  items: BulletinRef[];
  page: number;
  total: number;
  urls: string[];
  /** Site path of the feed for this list, when it has one. */
  feed?: string;
}

export interface ArticlePage {
  type: 'article';
  url: string;
  bulletin: BulletinRef;
  /** The neighbours in publication order: `older` is 上一篇, `newer` is 下一篇. */
  older?: BulletinRef;
  newer?: BulletinRef;
}

export interface IndexPage {
  type: 'archives' | 'agencies' | 'tags' | 'sitemap' | 'not-found' | 'accessibility' | 'search';
  url: string;
}

export type PagePlan = ArticlePage | ListPage | IndexPage;

export interface FeedPlan {
  /** Site paths of the RSS and Atom files. */
  rss: string;
  atom: string;
  /** The page the feed mirrors. */
  link: string;
  /** Agency name for an agency feed; undefined for the whole site. */
  agency?: string;
  items: BulletinRef[];
}

/** Everything the renderers need, decided before any page is written. */
export interface SitePlan {
  /** Every bulletin with a page, newest first (ties: slug, then file). */
  bulletins: Bulletin[];
  pages: PagePlan[];
  years: YearArchive[];
  agencies: Term[];
  tags: Term[];
  feeds: FeedPlan[];
  /** Related bulletins per bulletin (same indexing as `bulletins`). */
  related: BulletinRef[][];
  /** Interpretations (解读) that point at each bulletin. */
  interpretations: BulletinRef[][];
  /** The bulletin each one interprets, if any. */
  interprets: (BulletinRef | undefined)[];
  /** Next embargo lift after `now`, as epoch ms, for deploy jobs. */
  nextRelease?: { epochMs: number; iso: string; file: string };
  /** Next `expires:` after `now`: the page must come down then, which also takes a rebuild. */
  nextExpiry?: { epochMs: number; iso: string; file: string };
}
