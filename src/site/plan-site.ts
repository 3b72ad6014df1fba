import type { Diagnostic } from '../diagnostics.js';
import type { Config } from '../config/config.js';
import type { Bulletin } from '../content/bulletin.js';
import { slugify } from '../content/slugify.js';
import { paginate } from './paginate.js';
import type { BulletinRef, FeedPlan, ListKind, ListPage, PagePlan, SitePlan, Term, YearArchive } from './page-plan.js';
import { ReferenceIndex, unpublishedReference } from './references.js';
import { computeRelated, computeRelatedFrom, type RelatedState, type TermVector } from './related/index.js';

type PlanConfig = Pick<Config, 'pageSize' | 'tags' | 'related' | 'feed' | 'flags' | 'now' | 'search'>;

/**
 * What an earlier build left for the related lists. `versions` names each bulletin's content (file →
 * version, see render-all.ts) and `sources` where its rendering, term vector included, is kept (file
 * → key), which `vectorOf` reads in a later build; `lists` hands back the lists made from the same
 * inputs, if kept; `previous` is the state the last computation left, which the next starts from
 * (see `computeRelatedFrom`), and `keep` keeps both.
 */
export interface RelatedMemo {
  versions?: ReadonlyMap<string, string>;
  sources?: ReadonlyMap<string, string>;
  vectorOf?: (source: string) => TermVector | undefined;
  lists(inputs: string): number[][] | undefined;
  previous(): RelatedState | undefined;
  keep(inputs: string | undefined, lists: number[][], state: RelatedState): void;
}

/** Which bulletins get a page in this build: published ones, plus drafts and scheduled ones when asked. */
export function isShown(b: Bulletin, flags: Config['flags']): boolean {
  switch (b.status) {
    case 'published':
      return true;
    case 'draft':
      return flags.drafts || flags.dev;
    case 'scheduled':
      return flags.future || flags.dev;
    case 'expired':
      return false;
  }
}

/** Newest first; ties broken by slug then file, so the order never depends on the file system. */
export function byNewest(a: Bulletin, b: Bulletin): number {
  return b.date.epochMs - a.date.epochMs || cmp(a.slug, b.slug) || cmp(a.file, b.file);
}

/**
 * Pure: validated bulletins → every page, list, feed and cross-link of the site. Nothing is rendered
 * or written here; the plan is complete before the first byte goes out. `termVectors` (bulletin file →
 * term vector from rendering) lets related articles compare texts; without it they use tags,
 * agency and date only.
 */
export function planSite(
  all: readonly Bulletin[],
  config: PlanConfig,
  termVectors?: ReadonlyMap<string, TermVector>,
  related?: RelatedMemo,
): { plan: SitePlan; diagnostics: Diagnostic[]; relatedKept?: number } {
  const diagnostics: Diagnostic[] = [];
  const bulletins = all.filter((b) => isShown(b, config.flags)).sort(byNewest);
  const refs = new ReferenceIndex(bulletins);
  const allRefs = new ReferenceIndex(all);
  // Withdrawn bulletins keep their page and archive entry but leave the index, feeds and related lists.
  const listed = bulletins.map((b) => !b.withdrawn);
  const listedRefs = bulletins.flatMap((_, i) => (listed[i] ? [i] : []));

  const resolve = (ref: string, from: Bulletin, field: string, line?: number): number | undefined => {
    const found = refs.resolve(ref, from, field, line);
    if (found.index !== undefined) return found.index;
    const elsewhere = allRefs.resolve(ref, from, field, line);
    if (elsewhere.index !== undefined) diagnostics.push(unpublishedReference(ref, all[elsewhere.index]!, from, field, line));
    else diagnostics.push(found.diagnostic!);
    return undefined;
  };
  // Only published, listed bulletins appear in others' related lists, even in preview builds.
  const relatable = bulletins.map((b, i) => listed[i]! && b.status === 'published');
  const pinned = bulletins.map((b) => b.related.flatMap((r) => resolve(r.ref, b, 'related', r.line) ?? []).filter((j) => relatable[j]));
  const interprets = bulletins.map((b) => (b.interprets ? resolve(b.interprets.ref, b, 'interprets', b.interprets.line) : undefined));
  const interpretations: BulletinRef[][] = bulletins.map(() => []);
  interprets.forEach((target, i) => target !== undefined && interpretations[target]!.push(i));

  const vectors = bulletins.map((b) => termVectors?.get(b.file));
  const versions = related?.versions && bulletins.map((b) => related.versions!.get(b.file));
  // Everything the lists are computed from: each bulletin's version stands for its text and fields.
  const inputs = versions?.every((v) => v !== undefined) ? JSON.stringify([config.related, versions, relatable, pinned]) : undefined;
  let relatedLists = related && inputs !== undefined ? related.lists(inputs) : undefined;
  // How many lists were kept from the last build rather than worked out (with a memo only).
  let relatedKept = relatedLists ? bulletins.length : undefined;
  if (!relatedLists && related) {
    const computed = computeRelatedFrom(bulletins, vectors, relatable, pinned, config.related, {
      previous: related.previous(),
      versions,
      sources: related.sources && bulletins.map((b) => related.sources!.get(b.file)),
      vectorOf: related.vectorOf,
    });
    related.keep(inputs, computed.lists, computed.state);
    relatedLists = computed.lists;
    relatedKept = bulletins.length - computed.recomputed;
  }
  relatedLists ??= computeRelated(bulletins, vectors, relatable, pinned, config.related);
  const years = archives(bulletins);
  const agencies = terms(listedRefs, bulletins, (b) => [[b.agency, b.agencySlug]], '/agencies/');
  const tags = terms(listedRefs, bulletins, (b) => b.tags.map((t) => [t, config.tags[t] ?? slugify(t)]), '/tags/');

  const pages: PagePlan[] = [];
  // Publication order for 上一篇/下一篇 follows the archives (withdrawn ones included, marked there).
  bulletins.forEach((b, i) => {
    pages.push({ type: 'article', url: b.url, bulletin: i, newer: i > 0 ? i - 1 : undefined, older: i + 1 < bulletins.length ? i + 1 : undefined });
  });
  const lists = (list: ListKind, key: string, items: BulletinRef[], base: string, feed?: string) => {
    for (const p of paginate(items, config.pageSize, base)) {
      const page: ListPage = { type: 'list', list, key, url: p.url, items: p.items, page: p.page, total: p.total, urls: p.urls, feed };
      pages.push(page);
    }
  };
  lists('home', '', listedRefs, '/', '/feed.xml');
  for (const y of years) {
    lists('year', String(y.year), y.items, y.url);
    for (const m of y.months) lists('month', `${m.year}/${String(m.month).padStart(2, '0')}`, m.items, m.url);
  }
  for (const a of agencies) lists('agency', a.name, a.items, a.url, `${a.url}feed.xml`);
  for (const t of tags) lists('tag', t.name, t.items, t.url);
  pages.push({ type: 'archives', url: '/archive/' }, { type: 'agencies', url: '/agencies/' }, { type: 'tags', url: '/tags/' });
  pages.push({ type: 'sitemap', url: '/sitemap/' }, { type: 'accessibility', url: '/accessibility/' }, { type: 'not-found', url: '/404.html' });
  if (config.flags.search) pages.push({ type: 'search', url: '/search/' });

  const feedItems = (items: BulletinRef[]) => items.slice(0, config.feed.items);
  const feeds: FeedPlan[] = [
    { rss: '/feed.xml', atom: '/atom.xml', link: '/', items: feedItems(listedRefs) },
    ...agencies.map((a) => ({ rss: `${a.url}feed.xml`, atom: `${a.url}atom.xml`, link: a.url, agency: a.name, items: feedItems(a.items) })),
  ];

  const upcoming = all.filter((b) => b.status === 'scheduled').sort((a, b) => a.date.epochMs - b.date.epochMs || cmp(a.file, b.file))[0];
  const nextRelease = upcoming ? { epochMs: upcoming.date.epochMs, iso: upcoming.date.iso, file: upcoming.file } : undefined;
  // An expiry also needs a rebuild to take the page down, so a deploy job is told about it too.
  const expiring = all
    .filter((b) => b.status !== 'draft' && b.expires && b.expires.epochMs > config.now)
    .sort((a, b) => a.expires!.epochMs - b.expires!.epochMs || cmp(a.file, b.file))[0];
  const nextExpiry = expiring ? { epochMs: expiring.expires!.epochMs, iso: expiring.expires!.iso, file: expiring.file } : undefined;

  return { plan: { bulletins, pages, years, agencies, tags, feeds, related: relatedLists, interpretations, interprets, nextRelease, nextExpiry }, diagnostics, relatedKept };
}

/** Year and month archives, newest first, with every shown bulletin (withdrawn ones too). */
function archives(bulletins: readonly Bulletin[]): YearArchive[] {
  const years: YearArchive[] = [];
  bulletins.forEach((b, i) => {
    let year = years.at(-1);
    if (!year || year.year !== b.date.year) {
      year = { year: b.date.year, url: `/${b.date.year}/`, items: [], months: [] };
      years.push(year);
    }
    year.items.push(i);
    let month = year.months.at(-1);
    if (!month || month.month !== b.date.month) {
      month = { year: b.date.year, month: b.date.month, url: `/${b.date.year}/${String(b.date.month).padStart(2, '0')}/`, items: [] };
      year.months.push(month);
    }
    month.items.push(i);
  });
  return years;
}

/** Agencies or tags with their bulletins; names that share a slug share a page (first name wins). */
function terms(refs: readonly BulletinRef[], bulletins: readonly Bulletin[], namesOf: (b: Bulletin) => string[][], base: string): Term[] {
  const bySlug = new Map<string, Term>();
  for (const i of refs) {
    for (const [name, rawSlug] of namesOf(bulletins[i]!)) {
      const slug = rawSlug || 'untitled';
      let term = bySlug.get(slug);
      if (!term) {
        term = { name: name!, slug, url: `${base}${slug}/`, items: [] };
        bySlug.set(slug, term);
      }
      if (term.items.at(-1) !== i) term.items.push(i);
    }
  }
  return [...bySlug.values()].sort((a, b) => b.items.length - a.items.length || cmp(a.slug, b.slug));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
