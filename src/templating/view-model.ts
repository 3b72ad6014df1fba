import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Bulletin } from '../content/bulletin.js';
import type { BulletinDate } from '../content/dates.types.js';
import { formatDisplayDate, formatMonth, formatYear } from '../content/dates.js';
import type { ArticlePage, BulletinRef, IndexPage, ListPage, PagePlan, SitePlan } from '../site/page-plan.js';
import { rootPrefix } from '../util/paths.js';
import { attachmentViews } from './attachments.js';
import { newsArticleJsonLd } from './json-ld.js';
import type { Strings, StringTable } from './strings.js';

/** What rendering added to each bulletin (same indexing as `SitePlan.bulletins`). */
export interface RenderedParts {
  html: string;
  summary: string;
  /** Attachments the body links to, as content paths. */
  attachmentsUsed: string[];
}

export interface DateView {
  iso: string;
  stamp: string;
  text: string;
  date: string;
}

export interface ItemView {
  title: string;
  url: string;
  date: DateView;
  agency: string;
  agencyUrl: string;
  summary: string;
  lang: string;
  withdrawn: boolean;
  status: string;
}

/** How many of the newest bulletins the other index pages (404, search, accessibility) show. */
export const LATEST_COUNT = 5;

/** Inputs shared by every page of one build. */
export interface ViewContext {
  config: Config;
  plan: SitePlan;
  rendered: readonly RenderedParts[];
  strings: StringTable;
  /** Attachment sizes by content path, for the 附件 list. */
  attachmentSizes: ReadonlyMap<string, number>;
}

/**
 * The read-only data a template sees for one page. Internal types never reach templates, so the
 * template contract stays stable while the code changes (Zola's `ser.rs` idea). Every link is
 * relative to the page, so the site works under any sub-path.
 */
export function pageView(ctx: ViewContext, page: PagePlan): Record<string, unknown> {
  const { config, plan } = ctx;
  const article = page.type === 'article' ? plan.bulletins[page.bulletin]! : undefined;
  const lang = article?.lang ?? config.lang;
  const t = ctx.strings.forLang(lang);
  // A 404 page is served at any address, so its links are absolute from the site's own path.
  const root = page.type === 'not-found' ? new URL(config.url).pathname : rootPrefix(page.url) || './';
  const link = (url: string) => (url === '/' ? root : root + url.slice(1));
  const item = (i: BulletinRef): ItemView => {
    const b = plan.bulletins[i]!;
    return {
      title: b.title,
      url: link(b.url),
      date: dateView(b.date, lang),
      agency: b.agency,
      agencyUrl: link(`/agencies/${b.agencySlug}/`),
      summary: b.summary ?? ctx.rendered[i]!.summary,
      lang: b.lang,
      withdrawn: Boolean(b.withdrawn),
      status: b.status,
    };
  };
  const base = {
    lang,
    t,
    root,
    dev: config.flags.dev,
    site: sharedSiteView(config, t, root, link),
    page: { type: page.type, url: link(page.url), canonical: config.url + page.url.slice(1), path: page.url },
  };
  switch (page.type) {
    case 'article':
      return { ...base, ...articleView(ctx, page, article!, link, item, t) };
    case 'list':
      return { ...base, ...listView(ctx, page, link, item, t, lang) };
    default:
      return { ...base, ...indexView(ctx, page, link, item, lang) };
  }
}

/**
 * One `site` object for all pages with the same root and strings: equal data either way, but the
 * same object lets the header and footer partials reuse their output (memo-render.ts).
 */
const siteViews = new WeakMap<Config, WeakMap<Strings, Map<string, ReturnType<typeof siteView>>>>();
function sharedSiteView(config: Config, t: Strings, root: string, link: (u: string) => string) {
  let byStrings = siteViews.get(config);
  if (!byStrings) siteViews.set(config, (byStrings = new WeakMap()));
  let byRoot = byStrings.get(t);
  if (!byRoot) byStrings.set(t, (byRoot = new Map()));
  let site = byRoot.get(root);
  if (!site) byRoot.set(root, (site = siteView(config, t, link)));
  return site;
}

function siteView(config: Config, t: Strings, link: (u: string) => string) {
  return {
    title: config.title,
    description: config.description,
    url: config.url,
    lang: config.lang,
    name: config.site.name ?? config.title,
    emblem: config.site.emblem ? link(`/${emblemPath(config.site.emblem)}`) : undefined,
    domain: config.site.domain ?? new URL(config.url).host,
    idCode: config.site.idCode,
    icp: config.site.icp,
    psb: config.site.psb,
    psbUrl: config.site.psbCode ? `https://beian.mps.gov.cn/#/query/webSearch?code=${encodeURIComponent(config.site.psbCode)}` : undefined,
    organizer: config.site.organizer,
    contact: config.site.contact,
    externalLinkNotice: config.externalLinkNotice,
    leaveMessage: t.leave_site?.replace('{site}', config.site.name ?? config.title),
    search: config.flags.search,
    home: link('/'),
    archive: link('/archive/'),
    agencies: link('/agencies/'),
    tags: link('/tags/'),
    sitemap: link('/sitemap/'),
    accessibility: link('/accessibility/'),
    searchPage: link('/search/'),
    feed: link('/feed.xml'),
    atom: link('/atom.xml'),
    assets: link('/assets/'),
  };
}

/** Where the emblem image from the site folder is published inside the output. */
export function emblemPath(emblem: string): string {
  return `assets/site/${path.posix.basename(emblem.replace(/\\/g, '/'))}`;
}

export function dateView(d: BulletinDate, lang: string): DateView {
  // `stamp` is the fixed `YYYY-MM-DD HH:MM` that government monitoring tools read from PubDate.
  return { iso: d.iso, text: formatDisplayDate(d, lang), date: formatDisplayDate(d, lang, false), stamp: formatDisplayDate(d, 'zh-CN', true) };
}

function articleView(
  ctx: ViewContext,
  page: ArticlePage,
  b: Bulletin,
  link: (u: string) => string,
  item: (i: BulletinRef) => ItemView,
  t: Strings,
) {
  const { plan, config } = ctx;
  const i = page.bulletin;
  const updated = b.updated && b.updated.epochMs > b.date.epochMs ? b.updated : undefined;
  const interpretsRef = plan.interprets[i];
  const tagSlug = (name: string) => plan.tags.find((x) => x.name === name)?.url;
  return {
    bulletin: {
      title: b.title,
      date: dateView(b.date, b.lang),
      updated: updated ? dateView(updated, b.lang) : undefined,
      agency: b.agency,
      agencyUrl: b.withdrawn ? undefined : link(`/agencies/${b.agencySlug}/`),
      source: b.source,
      lang: b.lang,
      langDiffers: b.lang !== config.lang,
      docNumber: b.docNumber,
      indexNumber: b.indexNumber,
      category: b.category,
      written: b.written ? dateView(b.written, b.lang).date : undefined,
      tags: b.tags.map((name) => ({ name, url: tagSlug(name) ? link(tagSlug(name)!) : undefined })),
      html: ctx.rendered[i]!.html,
      summary: b.summary ?? ctx.rendered[i]!.summary,
      status: b.status,
      scheduledBanner: b.status === 'scheduled' ? t.scheduled_banner?.replace('{date}', formatDisplayDate(b.date, b.lang)) : undefined,
      updates: b.updates.map((u) => ({ date: dateView(u.date, b.lang), note: u.note })),
      withdrawn: b.withdrawn ? { date: dateView(b.withdrawn.date, b.lang), reason: b.withdrawn.reason } : undefined,
      attachments: attachmentViews(b, ctx.rendered[i]!.attachmentsUsed, ctx.attachmentSizes, link),
      breadcrumb: [
        { title: formatYear(b.date.year, b.lang), url: link(`/${b.date.year}/`) },
        { title: formatMonth(b.date.year, b.date.month, b.lang), url: link(`/${b.date.year}/${String(b.date.month).padStart(2, '0')}/`) },
      ],
      jsonLd: newsArticleJsonLd(config, b, b.summary ?? ctx.rendered[i]!.summary, updated),
    },
    related: plan.related[i]!.map(item),
    older: page.older === undefined ? undefined : item(page.older),
    newer: page.newer === undefined ? undefined : item(page.newer),
    interpretations: plan.interpretations[i]!.map(item),
    interprets: interpretsRef === undefined ? undefined : item(interpretsRef),
  };
}

function listView(ctx: ViewContext, page: ListPage, link: (u: string) => string, item: (i: BulletinRef) => ItemView, t: Strings, lang: string) {
  let heading = t.latest ?? '';
  if (page.list === 'year') heading = formatYear(Number(page.key), lang);
  if (page.list === 'month') heading = formatMonth(Number(page.key.slice(0, 4)), Number(page.key.slice(5)), lang);
  if (page.list === 'agency' || page.list === 'tag') heading = page.key;
  const year = Number(page.key.slice(0, 4));
  return {
    list: {
      kind: page.list,
      heading,
      /** A month's year, for the breadcrumb 首页 > 归档 > year. */
      year: page.list === 'month' ? { title: formatYear(year, lang), url: link(`/${year}/`) } : undefined,
      items: page.items.map(item),
      feed: page.feed ? link(page.feed) : undefined,
      atom: page.feed ? link(page.feed.replace(/feed\.xml$/, 'atom.xml')) : undefined,
      pagination: {
        page: page.page,
        total: page.total,
        previous: page.page > 1 ? link(page.urls[page.page - 2]!) : undefined,
        next: page.page < page.total ? link(page.urls[page.page]!) : undefined,
        pages: pageWindow(page.page, page.total).map((n) => (n === 0 ? { gap: true } : { number: n, url: link(page.urls[n - 1]!), current: n === page.page })),
      },
    },
  };
}

function indexView(ctx: ViewContext, page: IndexPage, link: (u: string) => string, item: (i: BulletinRef) => ItemView, lang: string) {
  const { plan } = ctx;
  const term = (x: { name: string; url: string; items: unknown[] }) => ({ name: x.name, url: link(x.url), count: x.items.length });
  const years = plan.years.map((y) => ({
    year: y.year,
    title: formatYear(y.year, lang),
    url: link(y.url),
    count: y.items.length,
    months: y.months.map((m) => ({ month: m.month, title: formatMonth(m.year, m.month, lang), url: link(m.url), count: m.items.length })),
  }));
  switch (page.type) {
    case 'archives':
      return { years };
    case 'agencies':
      return { terms: plan.agencies.map(term) };
    case 'tags':
      return { terms: plan.tags.map(term) };
    case 'sitemap':
      return { years, agencies: plan.agencies.map(term), tags: plan.tags.map(term) };
    default:
      return { latest: plan.bulletins.slice(0, LATEST_COUNT).map((_, i) => item(i)) };
  }
}

/**
 * Page numbers to link: first, last and two either side of the current one, 0 marking a gap. Keeps
 * each list page's size constant however long the list grows (linking every page is quadratic).
 */
export function pageWindow(current: number, total: number): number[] {
  // Only the linked numbers are visited (not every page of the list), so each call is constant time.
  const linked = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, total])].filter((n) => n >= 1 && n <= total).sort((a, b) => a - b);
  const out: number[] = [];
  for (const n of linked) {
    if (out.length > 0 && n > out.at(-1)! + 1) out.push(0);
    out.push(n);
  }
  return out;
}
