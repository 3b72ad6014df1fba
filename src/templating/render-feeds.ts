import { Feed } from 'feed';
import { js2xml } from 'xml-js';
import type { Config } from '../config/config.js';
import type { FeedPlan, SitePlan } from '../site/page-plan.js';
import type { RenderedParts } from './view-model.js';

export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * RSS 2.0 and Atom for one feed of the plan (the site's, or an agency's), through the `feed` library
 * so the XML is always well-formed and escaped. Dates carry their offsets; links are absolute, as feeds require.
 */
export function renderFeed(config: Config, plan: SitePlan, rendered: readonly RenderedParts[], f: FeedPlan): GeneratedFile[] {
  const abs = (sitePath: string) => config.url + sitePath.replace(/^\//, '');
  const newest = f.items[0] === undefined ? undefined : plan.bulletins[f.items[0]]!;
  const title = f.agency ? `${f.agency} - ${config.title}` : config.title;
  const feed = new Feed({
    title,
    description: config.description || title,
    id: abs(f.link),
    link: abs(f.link),
    language: config.lang,
    copyright: config.site.organizer ?? config.site.name ?? config.title,
    updated: new Date(newest ? Math.max(newest.date.epochMs, newest.updated?.epochMs ?? 0) : 0),
    generator: 'bulletin',
    feedLinks: { rss: abs(f.rss), atom: abs(f.atom) },
  });
  for (const i of f.items) {
    const b = plan.bulletins[i]!;
    feed.addItem({
      // The feed library declares titles and summaries as HTML (Atom type="html", RSS CDATA that
      // readers render), so plain text is escaped first or `<script>` in a title would be markup.
      title: escapeHtml(b.title),
      id: abs(b.url),
      link: abs(b.url),
      date: new Date((b.updated ?? b.date).epochMs),
      published: new Date(b.date.epochMs),
      description: escapeHtml(b.summary ?? rendered[i]!.summary),
      // The library wraps content in CDATA without splitting `]]>`, which a body can contain as
      // text; `]]&gt;` means the same in HTML and keeps the XML well-formed.
      content: absolutize(rendered[i]!.html, config.url, b.url).replace(/]]>/g, ']]&gt;'),
      author: [{ name: b.agency }],
      category: b.tags.map((name) => ({ name })),
    });
  }
  const atom = feed.atom1();
  return [
    { path: f.rss.slice(1), content: creatorsNotAuthors(feed).rss2() },
    { path: f.atom.slice(1), content: atom },
  ];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * RSS 2.0's `<author>` must be an e-mail address (feed validators reject a bare name); an agency has
 * a name, which Dublin Core's `<dc:creator>` carries (the library declares its namespace whenever
 * items have content). Atom's `<author><name>` is right as it is, so the feed's items are changed
 * for RSS after the Atom feed was written, through the library's own item extensions.
 */
function creatorsNotAuthors(feed: Feed): Feed {
  // The library declares the namespace on <rss> only when an item has content (a feed of bulletins with
  // empty bodies has none): then each element declares it itself.
  const declared = feed.items.some((item) => Boolean(item.content));
  const attributes = declared ? {} : { _attributes: { 'xmlns:dc': DUBLIN_CORE } };
  for (const item of feed.items) {
    // Each item has one author, its agency (see renderFeed).
    const name = item.author?.[0]?.name;
    item.author = undefined;
    if (name !== undefined) item.extensions = [...(item.extensions ?? []), { name: 'dc:creator', objects: { ...attributes, _text: name } }];
  }
  return feed;
}
const DUBLIN_CORE = 'http://purl.org/dc/elements/1.1/';

/** Feed readers resolve relative links unreliably, so body links are made absolute in feeds. */
function absolutize(html: string, siteUrl: string, pageUrl: string): string {
  const base = new URL(pageUrl.slice(1), siteUrl);
  return html.replace(/(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)"/g, (whole, head: string, url: string) => {
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(url)) return whole;
    return `${head}${new URL(url.replace(/&amp;/g, '&'), base).href.replace(/&/g, '&amp;')}"`;
  });
}

/** The sitemap protocol's limit of addresses per file; a larger site gets a sitemap index. */
export const SITEMAP_LIMIT = 50_000;

/**
 * sitemap.xml with last-modified dates, and robots.txt pointing at it. An article's date is its
 * latest update; a list page changes whenever any bulletin of its list does (items shift between
 * pages), so every page of a list gets that list's newest date; other pages the site's newest.
 * Past `limit` addresses (the protocol allows 50,000 per file), the addresses go into
 * sitemap-1.xml, sitemap-2.xml, … and sitemap.xml becomes the index of those files.
 */
export function renderSitemap(config: Config, plan: SitePlan, pageUrls: readonly string[], limit = SITEMAP_LIMIT): GeneratedFile[] {
  const modified = (i: number) => plan.bulletins[i]!.updated ?? plan.bulletins[i]!.date;
  type Stamp = ReturnType<typeof modified>;
  const newer = (a: Stamp | undefined, b: Stamp) => (!a || b.epochMs > a.epochMs ? b : a);
  // Each list's newest date, over all of its pages, in one pass (a list is keyed by its first page).
  const newestOfList = new Map<string, Stamp | undefined>();
  for (const page of plan.pages) {
    if (page.type !== 'list') continue;
    let best = newestOfList.get(page.urls[0]!);
    for (const i of page.items) best = newer(best, modified(i));
    newestOfList.set(page.urls[0]!, best);
  }
  const lastmod = new Map<string, string | undefined>();
  for (const page of plan.pages) {
    if (page.type === 'article') lastmod.set(page.url, modified(page.bulletin).iso);
    else if (page.type === 'list') lastmod.set(page.url, newestOfList.get(page.urls[0]!)?.iso);
  }
  let newest: Stamp | undefined;
  plan.bulletins.forEach((_, i) => (newest = newer(newest, modified(i))));
  // Pages that tell search engines "noindex" (withdrawn, or shown early by --drafts/--future) stay out.
  const hidden = new Set(plan.bulletins.filter((b) => b.withdrawn || b.status !== 'published').map((b) => b.url));
  const urls = pageUrls
    .filter((u) => u !== '/404.html' && !hidden.has(u))
    .map((u) => ({ loc: config.url + u.slice(1), lastmod: lastmod.has(u) ? lastmod.get(u) : newest?.iso }));
  const entry = (u: { loc: string; lastmod?: string }) => ({ loc: { _text: u.loc }, ...(u.lastmod ? { lastmod: { _text: u.lastmod } } : {}) });
  const document = (root: string, body: Record<string, unknown>) =>
    `${js2xml({ _declaration: { _attributes: { version: '1.0', encoding: 'utf-8' } }, [root]: { _attributes: { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, ...body } }, { compact: true, spaces: 1 })}\n`;
  const robots = { path: 'robots.txt', content: `User-agent: *\nAllow: /\n\nSitemap: ${config.url}sitemap.xml\n` };
  if (urls.length <= limit) return [{ path: 'sitemap.xml', content: document('urlset', { url: urls.map(entry) }) }, robots];
  const parts: GeneratedFile[] = [];
  const index: { loc: string; lastmod?: string }[] = [];
  for (let from = 0; from < urls.length; from += limit) {
    const chunk = urls.slice(from, from + limit);
    const name = `sitemap-${parts.length + 1}.xml`;
    parts.push({ path: name, content: document('urlset', { url: chunk.map(entry) }) });
    // ISO dates with offsets compare as instants only when parsed; the newest of the chunk is its lastmod.
    const latest = chunk.reduce<string | undefined>((best, u) => (u.lastmod && (!best || Date.parse(u.lastmod) > Date.parse(best)) ? u.lastmod : best), undefined);
    index.push({ loc: config.url + name, lastmod: latest });
  }
  return [{ path: 'sitemap.xml', content: document('sitemapindex', { sitemap: index.map(entry) }) }, ...parts, robots];
}
