/**
 * Text that looks like markup, in every front-matter field that reaches a page, must come out as
 * text on every page kind, in the feeds, in the sitemap and in the JSON files. Every output file is
 * parsed (never searched with a regex) to prove it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser, parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, bulletin, cleanupSites, listFiles, makeSite } from '../helpers/site.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const PAYLOADS = [SCRIPT, IMG];

let root: string;
let files: string[];
const read = (rel: string) => fs.readFileSync(path.join(root, 'dist', rel), 'utf8');
const html = (rel: string) => parseHTML(read(rel)).document as unknown as Document;
const xml = (rel: string) => new DOMParser().parseFromString(read(rel), 'text/xml') as unknown as Document;

beforeAll(async () => {
  root = makeSite({
    'content/2024/2024-05-14-script.md': bulletin({ title: JSON.stringify(SCRIPT), agency: JSON.stringify(IMG), tags: PAYLOADS, summary: JSON.stringify(IMG), date: '2024-05-14 09:00' }, '正文第一段。'),
    'content/2024/2024-05-15-img.md': bulletin({ title: JSON.stringify(IMG), agency: JSON.stringify(SCRIPT), tags: [SCRIPT], summary: JSON.stringify(SCRIPT), date: '2024-05-15 09:00' }, '正文第二段。'),
  });
  const result = await buildSite(root);
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  files = listFiles(path.join(root, 'dist'));
});
afterAll(cleanupSites);

/** Elements or attributes that would run code if a payload had become markup. */
function injected(doc: Document): string[] {
  const found: string[] = [];
  for (const el of doc.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) if (/^on/i.test(attr)) found.push(`<${el.localName} ${attr}>`);
    if (el.localName === 'img' && el.getAttribute('src') === 'x') found.push('<img src=x>');
    if (el.localName === 'script' && (el.textContent ?? '').includes('alert(1)')) {
      // JSON-LD may carry a title, but only as JSON data that parses back to it.
      if (el.getAttribute('type') !== 'application/ld+json') found.push('<script>alert(1)');
      else JSON.parse(el.textContent!);
    }
  }
  return found;
}

/** A string the feed declares as HTML (Atom type="html", RSS titles and descriptions): it must decode to text. */
function htmlFieldText(value: string): { text: string; elements: number } {
  const doc = parseHTML(`<!doctype html><html><body><div id="field">${value}</div></body></html>`).document;
  const div = doc.getElementById('field')!;
  return { text: div.textContent ?? '', elements: div.querySelectorAll('*').length };
}

describe('markup in titles, agencies, tags and summaries', () => {
  it('builds a page of every kind', () => {
    for (const rel of ['index.html', '2024/05/script/index.html', 'archive/index.html', 'agencies/index.html', 'tags/index.html', 'sitemap/index.html', '404.html', 'search/index.html', 'feed.xml', 'atom.xml', 'sitemap.xml']) {
      expect(files).toContain(rel);
    }
    expect(files.filter((f) => f.startsWith('agencies/') && f.endsWith('/index.html')).length).toBeGreaterThanOrEqual(3);
    expect(files.filter((f) => f.startsWith('tags/') && f.endsWith('/index.html')).length).toBeGreaterThanOrEqual(3);
  });

  it('never becomes an element or an event handler on any HTML page', () => {
    const pages = files.filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const rel of pages) expect(injected(html(rel)), rel).toEqual([]);
  });

  it('shows as the exact text in the article heading, meta tags and JSON-LD', () => {
    const doc = html('2024/05/script/index.html');
    expect(doc.querySelector('h1')!.textContent).toBe(SCRIPT);
    expect(doc.querySelector('meta[name="ArticleTitle"]')!.getAttribute('content')).toBe(SCRIPT);
    expect(doc.querySelector('meta[name="ColumnName"]')!.getAttribute('content')).toBe(IMG);
    expect(doc.querySelector('meta[name="description"]')!.getAttribute('content')).toBe(IMG);
    expect(doc.querySelector('meta[name="Keywords"]')!.getAttribute('content')).toBe(PAYLOADS.join(','));
    const ld = JSON.parse(doc.querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(ld.headline).toBe(SCRIPT);
    expect(ld.author.name).toBe(IMG);
    expect(doc.title).toContain(SCRIPT);
  });

  it('shows as text in the lists that name bulletins, agencies and tags', () => {
    const texts = (rel: string) => [...html(rel).querySelectorAll('main a, main h1, main p, main li')].map((e) => e.textContent ?? '');
    const all = (rel: string) => texts(rel).join('\n');
    for (const p of PAYLOADS) {
      expect(all('index.html')).toContain(p);
      expect(all('2024/index.html')).toContain(p);
      expect(all('2024/05/index.html')).toContain(p);
      expect(all('agencies/index.html')).toContain(p);
      expect(all('tags/index.html')).toContain(p);
      expect(all('sitemap/index.html')).toContain(p);
    }
    const agencyPages = files.filter((f) => /^agencies\/[^/]+\/index\.html$/.test(f));
    expect(agencyPages.map((rel) => html(rel).querySelector('h1')!.textContent)).toEqual(expect.arrayContaining(PAYLOADS));
  });

  it('decodes to the same text, with no elements, in the RSS and Atom feeds', () => {
    const feeds = files.filter((f) => f.endsWith('feed.xml') || f.endsWith('atom.xml'));
    expect(feeds.length).toBeGreaterThanOrEqual(2 + 2 * 2);
    const rss = xml('feed.xml');
    const items = [...rss.querySelectorAll('item')];
    expect(items.map((i) => htmlFieldText(i.querySelector('title')!.textContent!))).toEqual([
      { text: IMG, elements: 0 },
      { text: SCRIPT, elements: 0 },
    ]);
    expect(items.map((i) => htmlFieldText(i.querySelector('description')!.textContent!))).toEqual([
      { text: SCRIPT, elements: 0 },
      { text: IMG, elements: 0 },
    ]);
    expect(items.flatMap((i) => [...i.querySelectorAll('category')].map((c) => c.textContent))).toEqual([SCRIPT, SCRIPT, IMG]);
    const atom = xml('atom.xml');
    const entries = [...atom.querySelectorAll('entry')];
    for (const [field, expected] of [['title', [IMG, SCRIPT]], ['summary', [SCRIPT, IMG]]] as const) {
      for (const [i, entry] of entries.entries()) {
        const el = entry.querySelector(field)!;
        const decoded = el.getAttribute('type') === 'html' ? htmlFieldText(el.textContent!) : { text: el.textContent, elements: 0 };
        expect(decoded, `atom ${field}`).toEqual({ text: expected[i], elements: 0 });
      }
    }
    expect(entries.map((e) => e.querySelector('author name')!.textContent)).toEqual([SCRIPT, IMG]);
  });

  it('keeps the XML sitemap and the JSON files well-formed', () => {
    const sitemap = xml('sitemap.xml');
    expect(sitemap.querySelectorAll('url').length).toBeGreaterThan(5);
    expect(sitemap.querySelectorAll('script, img').length).toBe(0);
    const related = JSON.parse(read('related.json'));
    expect(Object.keys(related)).toEqual(expect.arrayContaining(['2024/05/script/', '2024/05/img/']));
    for (const rel of files.filter((f) => f.endsWith('.json'))) expect(() => JSON.parse(read(rel)), rel).not.toThrow();
  });
});

describe('a body that ends the feed\'s CDATA section', () => {
  it('keeps RSS and Atom well-formed and shows "]]>" as text', async () => {
    // Found by the fuzzer: `]]>` in a body closed the CDATA the feed library wraps content in.
    const site = makeSite({ 'content/2024/2024-05-14-cdata.md': bulletin({ title: '通知', date: '2024-05-14 09:00' }, '- ]]>\n\n]]><script>alert(1)</script>') });
    const result = await buildSite(site);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const [rel, selector] of [['feed.xml', 'item description'], ['atom.xml', 'entry content']] as const) {
      const doc = new DOMParser().parseFromString(fs.readFileSync(path.join(site, 'dist', rel), 'utf8'), 'text/xml') as unknown as Document;
      const content = doc.querySelector(rel === 'feed.xml' ? 'item' : 'entry')!.getElementsByTagName(rel === 'feed.xml' ? 'content:encoded' : 'content')[0]!;
      const body = parseHTML(`<!doctype html><html><body>${content.textContent}</body></html>`).document.body;
      expect(body.textContent, selector).toContain(']]>');
      expect(body.querySelectorAll('script').length, selector).toBe(0);
    }
  });
});
