import fs from 'node:fs';
import path from 'node:path';
import { DOMParser } from 'linkedom';
import { xml2js } from 'xml-js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderSitemap } from '../../src/templating/render-feeds.js';
import { buildSite, cleanupSites, copyFixture, listFiles, makeSite } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

let root: string;
const SITE = 'https://www.test.gov.cn/';
const read = (rel: string) => fs.readFileSync(path.join(root, 'dist', rel), 'utf8');

/** Parses XML strictly first (xml-js throws on anything malformed), then as a DOM to query. */
function xml(rel: string): Document {
  const text = read(rel);
  expect(() => xml2js(text), `${rel} is well-formed XML`).not.toThrow();
  return new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
}
const texts = (doc: Document | Element, tag: string) => [...doc.getElementsByTagName(tag)].map((e) => e.textContent!.trim());

// Publication instants of the six shown bulletins of the basic fixture, newest first.
const SHOWN = [
  ['2025/08/open-day/', '2025-08-15T09:30:00+08:00', '测试市人民政府办公室'],
  ['2025/06/river-report/', '2025-06-30T15:00:00+08:00', 'Test City Bureau of Ecology'],
  ['2025/02/fund-results/', '2025-02-01T00:00:00+08:00', '测试市科学技术局'],
  ['2024/07/budget-report/', '2024-07-01T10:30:00+08:00', '测试市财政局'],
  ['2024/01/science-fund/', '2024-01-10T09:00:00+08:00', '测试市科学技术局'],
  ['2020/05/flood-warning/', '2020-05-14T17:08:17+08:00', '测试市科学技术局'],
] as const;

beforeAll(async () => {
  root = copyFixture('sites/basic');
  expect((await buildSite(root)).ok).toBe(true);
});

describe('RSS 2.0 feeds', () => {
  it('list every shown bulletin, newest first, with absolute links and exact publication times', () => {
    const doc = xml('feed.xml');
    const rss = doc.documentElement;
    expect(rss.tagName).toBe('rss');
    expect(rss.getAttribute('version')).toBe('2.0');
    const channel = doc.getElementsByTagName('channel')[0]!;
    expect(texts(channel, 'title')[0]).toBe('测试市政府信息发布');
    expect(channel.getElementsByTagName('atom:link')[0]!.getAttribute('href')).toBe(`${SITE}feed.xml`);
    const items = [...doc.getElementsByTagName('item')];
    expect(items.map((i) => texts(i, 'link')[0])).toEqual(SHOWN.map(([url]) => SITE + url));
    // RFC 822 dates that name their zone, and mean the same instant as the front matter.
    for (const [n, item] of items.entries()) {
      const pubDate = texts(item, 'pubDate')[0]!;
      expect(pubDate).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/);
      expect(Date.parse(pubDate)).toBe(Date.parse(SHOWN[n]![1]));
    }
  });

  it('carry the title, the summary and the body of each bulletin', () => {
    const item = [...xml('feed.xml').getElementsByTagName('item')].find((i) => texts(i, 'link')[0]!.endsWith('/2024/01/science-fund/'))!;
    expect(texts(item, 'title')[0]).toBe('关于申报2024年度科技创新专项资金的通知');
    expect(texts(item, 'description')[0]).toContain('各有关单位');
    expect(texts(item, 'content:encoded')[0]).toContain('<table>');
    expect(texts(item, 'category')).toEqual(['科技创新', '资金扶持']);
    // RSS <author> must be an e-mail address; the agency's name goes in Dublin Core's creator.
    expect(item.getElementsByTagName('author')).toHaveLength(0);
    expect(texts(item, 'dc:creator')).toEqual(['测试市科学技术局']);
    expect(xml('feed.xml').documentElement.getAttribute('xmlns:dc')).toBe('http://purl.org/dc/elements/1.1/');
  });

  it('declare the Dublin Core namespace of dc:creator also when no bulletin has a body', async () => {
    const bare = makeSite({
      'bulletin.config.yaml': `title: 测试站\nurl: ${SITE}\n`,
      'content/2025-03-01-notice.md': '---\ntitle: 仅有标题的公告\ndate: 2025-03-01 09:00\nagency: 测试市科学技术局\n---\n',
    });
    expect((await buildSite(bare)).ok).toBe(true);
    const text = fs.readFileSync(path.join(bare, 'dist/feed.xml'), 'utf8');
    expect(() => xml2js(text)).not.toThrow();
    const creator = new DOMParser().parseFromString(text, 'text/xml').getElementsByTagName('dc:creator')[0] as unknown as Element;
    expect(creator.textContent).toBe('测试市科学技术局');
    // In scope where it is used: declared on the element or one of its ancestors.
    const declaredAt: string[] = [];
    for (let e: Element | null = creator; e; e = e.parentElement) if (e.getAttribute('xmlns:dc') === 'http://purl.org/dc/elements/1.1/') declaredAt.push(e.tagName);
    expect(declaredAt).toHaveLength(1);
  });

  it('exist for each agency with only its bulletins', () => {
    const doc = xml('agencies/science-technology/feed.xml');
    expect(texts(doc, 'link').filter((l) => /\d{4}\/\d{2}\//.test(l))).toEqual(
      SHOWN.filter(([, , agency]) => agency === '测试市科学技术局').map(([url]) => SITE + url),
    );
    expect(texts(doc.getElementsByTagName('channel')[0]!, 'title')[0]).toBe('测试市科学技术局 - 测试市政府信息发布');
  });
});

describe('Atom feeds', () => {
  it('are Atom 1.0 with absolute ids and links and RFC 3339 dates with an offset', () => {
    const doc = xml('atom.xml');
    expect(doc.documentElement.tagName).toBe('feed');
    expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2005/Atom');
    const entries = [...doc.getElementsByTagName('entry')];
    expect(entries.map((e) => e.getElementsByTagName('link')[0]!.getAttribute('href'))).toEqual(SHOWN.map(([url]) => SITE + url));
    expect(entries.map((e) => texts(e, 'id')[0])).toEqual(SHOWN.map(([url]) => SITE + url));
    for (const [n, entry] of entries.entries()) {
      for (const tag of ['updated', 'published']) {
        const value = texts(entry, tag)[0]!;
        expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
        if (tag === 'published') expect(Date.parse(value)).toBe(Date.parse(SHOWN[n]![1]));
      }
    }
    // The feed's own date is its newest entry's, not the build time: rebuilding changes nothing.
    expect(Date.parse(texts(doc.documentElement, 'updated')[0]!)).toBe(Date.parse(SHOWN[0][1]));
  });

  it('are well-formed and empty for a site with no bulletins yet', async () => {
    const site = copyFixture('sites/basic');
    fs.rmSync(path.join(site, 'content'), { recursive: true });
    fs.mkdirSync(path.join(site, 'content'));
    expect((await buildSite(site)).ok).toBe(true);
    for (const [file, tag] of [['feed.xml', 'item'], ['atom.xml', 'entry'], ['sitemap.xml', 'url']] as const) {
      const text = fs.readFileSync(path.join(site, 'dist', file), 'utf8');
      expect(() => xml2js(text), file).not.toThrow();
      const count = new DOMParser().parseFromString(text, 'text/xml').getElementsByTagName(tag).length;
      // The sitemap still lists the home page and the index pages.
      if (file === 'sitemap.xml') expect(count).toBe(listFiles(path.join(site, 'dist')).filter((f) => f.endsWith('.html') && f !== '404.html').length);
      else expect(count, file).toBe(0);
    }
  });

  it('exist beside every agency RSS feed', () => {
    const files = listFiles(path.join(root, 'dist'));
    const rss = files.filter((f) => f.endsWith('/feed.xml'));
    expect(rss).toHaveLength(4);
    for (const f of rss) {
      const atom = f.replace(/feed\.xml$/, 'atom.xml');
      expect(files).toContain(atom);
      expect(xml(atom).getElementsByTagName('entry').length).toBe(xml(f).getElementsByTagName('item').length);
    }
  });
});

describe('sitemap.xml, robots.txt and related.json', () => {
  it('give every sitemap entry an absolute address and a last-modified date with an offset', () => {
    const urls = [...xml('sitemap.xml').getElementsByTagName('url')];
    expect(urls.length).toBeGreaterThan(20);
    for (const u of urls) {
      expect(texts(u, 'loc')[0]).toMatch(/^https:\/\/www\.test\.gov\.cn\//);
      expect(texts(u, 'lastmod')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    }
    const lastmod = Object.fromEntries(urls.map((u) => [texts(u, 'loc')[0], texts(u, 'lastmod')[0]]));
    for (const [url, iso] of SHOWN) expect(lastmod[SITE + url]).toBe(iso);
  });

  it('date each list page by the newest bulletin of its list, every page of it alike', () => {
    const urls = [...xml('sitemap.xml').getElementsByTagName('url')];
    const lastmod = Object.fromEntries(urls.map((u) => [texts(u, 'loc')[0]!.slice(SITE.length), texts(u, 'lastmod')[0]]));
    expect(lastmod['']).toBe('2025-08-15T09:30:00+08:00');
    expect(lastmod['page/2/']).toBe('2025-08-15T09:30:00+08:00');
    expect(lastmod['agencies/science-technology/']).toBe('2025-02-01T00:00:00+08:00');
    expect(lastmod['tags/fang-xun/']).toBe('2020-05-14T17:08:17+08:00');
    expect(lastmod['2024/']).toBe('2024-07-01T10:30:00+08:00');
    expect(lastmod['archive/']).toBe('2025-08-15T09:30:00+08:00');
  });

  it('split into files of at most 50,000 addresses under a sitemap index once the site has more', async () => {
    // The whole address list of the basic fixture, then the same split at 7 addresses a file.
    const result = await buildSite(copyFixture('sites/basic'), { write: false });
    const pageUrls = result.plan!.pages.map((p) => p.url);
    const [single] = renderSitemap(result.config!, result.plan!, pageUrls);
    const parse = (text: string) => new DOMParser().parseFromString(text, 'text/xml') as unknown as Document;
    const all = [...parse(single!.content).getElementsByTagName('url')].map((u) => [texts(u, 'loc')[0], texts(u, 'lastmod')[0]]);
    expect(all.length).toBeGreaterThan(14);

    const files = renderSitemap(result.config!, result.plan!, pageUrls, 7);
    const byPath = Object.fromEntries(files.map((f) => [f.path, f.content]));
    for (const [p, text] of Object.entries(byPath)) if (p.endsWith('.xml')) expect(() => xml2js(text), p).not.toThrow();
    const index = parse(byPath['sitemap.xml']!);
    expect(index.documentElement.tagName).toBe('sitemapindex');
    const parts = [...index.getElementsByTagName('sitemap')].map((s) => texts(s, 'loc')[0]!);
    expect(parts).toEqual(Array.from({ length: Math.ceil(all.length / 7) }, (_, k) => `${SITE}sitemap-${k + 1}.xml`));
    const split = parts.flatMap((loc) => [...parse(byPath[loc.slice(SITE.length)]!).getElementsByTagName('url')].map((u) => [texts(u, 'loc')[0], texts(u, 'lastmod')[0]]));
    expect(split).toEqual(all);
    // Each part's date is the newest of its addresses; robots.txt still names sitemap.xml.
    const first = split.slice(0, 7).map(([, d]) => d!).sort((a, b) => Date.parse(b) - Date.parse(a))[0];
    expect(texts(index.getElementsByTagName('sitemap')[0]!, 'lastmod')[0]).toBe(first);
    expect(byPath['robots.txt']).toContain(`Sitemap: ${SITE}sitemap.xml`);
  });

  it('use a bulletin’s latest update as its last-modified date', async () => {
    const site = copyFixture('sites/basic');
    const file = path.join(site, 'content/2025/2025-08-15-open-day.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('tags:', 'updated: 2025-08-16 08:00\ntags:'));
    await buildSite(site);
    const doc = new DOMParser().parseFromString(fs.readFileSync(path.join(site, 'dist/sitemap.xml'), 'utf8'), 'text/xml');
    const entry = [...doc.getElementsByTagName('url')].find((u) => texts(u, 'loc')[0] === `${SITE}2025/08/open-day/`)!;
    expect(texts(entry, 'lastmod')[0]).toBe('2025-08-16T08:00:00+08:00');
  });

  it('leave out pages marked noindex: withdrawn bulletins, and drafts or scheduled ones shown early', async () => {
    const site = copyFixture('sites/basic');
    const file = path.join(site, 'content/2024/2024-07-01-budget-report.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('tags:', 'withdrawn: { date: 2025-01-01, reason: 数据有误 }\ntags:'));
    expect((await buildSite(site, { flags: { drafts: true, future: true } })).ok).toBe(true);
    const doc = new DOMParser().parseFromString(fs.readFileSync(path.join(site, 'dist/sitemap.xml'), 'utf8'), 'text/xml');
    const locs = texts(doc, 'loc');
    for (const page of ['2024/07/budget-report/', '2025/09/draft-notice/', '2026/03/spring-plan/']) {
      expect(listFiles(path.join(site, 'dist'))).toContain(`${page}index.html`);
      expect(locs).not.toContain(SITE + page);
    }
    expect(locs).toContain(`${SITE}2025/08/open-day/`);
  });

  it('point robots.txt at the sitemap', () => {
    expect(read('robots.txt')).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${SITE}sitemap.xml\n`);
  });

  it('write related.json: every shown bulletin’s site path with up to five related paths, none of them unpublished', () => {
    const related = JSON.parse(read('related.json')) as Record<string, string[]>;
    const paths: string[] = SHOWN.map(([url]) => url);
    expect(Object.keys(related).sort()).toEqual([...paths].sort());
    for (const [own, list] of Object.entries(related)) {
      expect(list.length).toBeLessThanOrEqual(5);
      expect(list).not.toContain(own);
      for (const other of list) expect(paths).toContain(other);
    }
    expect(related['2024/01/science-fund/']).toContain('2025/02/fund-results/');
  });
});
