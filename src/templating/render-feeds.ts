import { Feed } from 'feed';
import { js2xml, xml2js, type ElementCompact } from 'xml-js';
import type { Config } from '../config/config.js';
import type { SitePlan } from '../site/page-plan.js';
import type { RenderedParts } from './view-model.js';

export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * RSS 2.0 and Atom for the site and for each agency, through the `feed` library so the XML is
 * always well-formed and escaped. Dates carry their offsets; links are absolute, as feeds require.
 */
export function renderFeeds(config: Config, plan: SitePlan, rendered: readonly RenderedParts[]): GeneratedFile[] {
  const abs = (sitePath: string) => config.url + sitePath.replace(/^\//, '');
  const out: GeneratedFile[] = [];
  for (const f of plan.feeds) {
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
    out.push({ path: f.rss.slice(1), content: creatorsNotAuthors(feed.rss2()) }, { path: f.atom.slice(1), content: feed.atom1() });
  }
  return out;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * RSS 2.0's `<author>` must be an e-mail address (feed validators reject a bare name); an agency has
 * a name, which Dublin Core's `<dc:creator>` carries. The feed library writes `<author>` for a name,
 * so its output is moved over as parsed XML, never by editing text.
 */
function creatorsNotAuthors(rss: string): string {
  const doc = xml2js(rss, { compact: true }) as ElementCompact;
  const root = doc.rss as ElementCompact;
  const channel = root.channel as ElementCompact;
  const items = channel.item === undefined ? [] : Array.isArray(channel.item) ? channel.item : [channel.item];
  for (const item of items as ElementCompact[]) {
    if (item.author === undefined) continue;
    item['dc:creator'] = item.author;
    delete item.author;
  }
  root._attributes = { ...root._attributes, 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' };
  return js2xml(doc, { compact: true, spaces: 4 });
}

/** Feed readers resolve relative links unreliably, so body links are made absolute in feeds. */
function absolutize(html: string, siteUrl: string, pageUrl: string): string {
  const base = new URL(pageUrl.slice(1), siteUrl);
  return html.replace(/(<(?:a|img)\b[^>]*?\s(?:href|src)=")([^"]*)"/g, (whole, head: string, url: string) => {
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(url)) return whole;
    return `${head}${new URL(url.replace(/&amp;/g, '&'), base).href.replace(/&/g, '&amp;')}"`;
  });
}

/**
 * sitemap.xml with last-modified dates, and robots.txt pointing at it. An article's date is its
 * latest update; a list page changes whenever any bulletin of its list does (items shift between
 * pages), so every page of a list gets that list's newest date; other pages the site's newest.
 */
export function renderSitemap(config: Config, plan: SitePlan, pageUrls: readonly string[]): GeneratedFile[] {
  const modified = (i: number) => plan.bulletins[i]!.updated ?? plan.bulletins[i]!.date;
  const newestOf = (items: Iterable<number>) => {
    let best: ReturnType<typeof modified> | undefined;
    for (const i of items) if (!best || modified(i).epochMs > best.epochMs) best = modified(i);
    return best?.iso;
  };
  const lists = new Map<string, number[]>();
  for (const page of plan.pages) if (page.type === 'list') lists.set(page.urls[0]!, [...(lists.get(page.urls[0]!) ?? []), ...page.items]);
  const lastmod = new Map<string, string | undefined>();
  for (const page of plan.pages) {
    if (page.type === 'article') lastmod.set(page.url, modified(page.bulletin).iso);
    else if (page.type === 'list') lastmod.set(page.url, newestOf(lists.get(page.urls[0]!)!));
  }
  const newest = newestOf(plan.bulletins.keys());
  // Pages that tell search engines "noindex" (withdrawn, or shown early by --drafts/--future) stay out.
  const hidden = new Set(plan.bulletins.filter((b) => b.withdrawn || b.status !== 'published').map((b) => b.url));
  const urls = pageUrls
    .filter((u) => u !== '/404.html' && !hidden.has(u))
    .map((u) => {
      const date = lastmod.has(u) ? lastmod.get(u) : newest;
      return { loc: { _text: config.url + u.slice(1) }, ...(date ? { lastmod: { _text: date } } : {}) };
    });
  const xml = js2xml(
    {
      _declaration: { _attributes: { version: '1.0', encoding: 'utf-8' } },
      urlset: { _attributes: { xmlns: 'http://www.sitemaps.org/schemas/sitemap/0.9' }, url: urls },
    },
    { compact: true, spaces: 1 },
  );
  const robots = `User-agent: *\nAllow: /\n\nSitemap: ${config.url}sitemap.xml\n`;
  return [
    { path: 'sitemap.xml', content: `${xml}\n` },
    { path: 'robots.txt', content: robots },
  ];
}
