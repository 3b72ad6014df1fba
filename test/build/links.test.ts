import fs from 'node:fs';
import path from 'node:path';
import { DOMParser, parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findBrokenLinks, resolveLink } from '../helpers/links.js';
import { buildSite, cleanupSites, copyFixture, listFiles, makeSite, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

const REPO = path.resolve(import.meta.dirname, '..', '..');

describe('the link checker', () => {
  it('resolves folder links to index.html, drops fragments and queries, and skips other sites', () => {
    expect(resolveLink('2024/01/a/index.html', '../../../')).toBe('index.html');
    expect(resolveLink('2024/01/a/index.html', '../b/#top')).toBe('2024/01/b/index.html');
    expect(resolveLink('index.html', './page/2/?x=1')).toBe('page/2/index.html');
    expect(resolveLink('index.html', 'assets/style.css')).toBe('assets/style.css');
    expect(resolveLink('index.html', '#main')).toBe('index.html');
    expect(resolveLink('index.html', 'https://example.org/')).toBeNull();
    expect(resolveLink('index.html', 'mailto:a@b.cn')).toBeNull();
    expect(resolveLink('index.html', '//cdn.example.org/x.js')).toBeNull();
  });

  it('rejects links that only work at the root of a host', () => {
    expect(resolveLink('index.html', '../x/')).toMatch(/^!/);
    expect(resolveLink('a/index.html', '/a/')).toMatch(/^!/);
    expect(resolveLink('index.html', 'a%E0%A4%A.html')).toMatch(/^!/);
    expect(resolveLink('404.html', '/press/a/', '/press/', true)).toBe('a/index.html');
    expect(resolveLink('404.html', '/a/', '/press/', true)).toMatch(/^!/);
  });

  it('finds a link to a missing page', () => {
    const root = makeSite({
      'out/index.html': '<a href="a/">a</a><img src="b.png"><link rel="stylesheet" href="c.css"><a href="gone/">x</a>',
      'out/a/index.html': '<a href="../">home</a>',
      'out/b.png': '',
      'out/c.css': '',
    });
    expect(findBrokenLinks(path.join(root, 'out'))).toEqual([{ page: 'index.html', element: 'a[href]', value: 'gone/', looked: 'gone/index.html' }]);
  });
});

describe('every internal link of a built site leads to a file of the site', () => {
  it('holds for the fixture site', async () => {
    const root = copyFixture('sites/basic');
    expect((await buildSite(root)).ok).toBe(true);
    expect(findBrokenLinks(path.join(root, 'dist'), { allowRootRelative: ['404.html'] })).toEqual([]);
  });

  it('holds for the sample site that ships with bulletin', async () => {
    const root = makeSite({});
    fs.cpSync(path.join(REPO, 'content'), path.join(root, 'content'), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'bulletin.config.yaml'), path.join(root, 'bulletin.config.yaml'));
    const result = await buildSite(root, { now: Date.parse('2026-11-27T12:00:00+08:00') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const dist = path.join(root, 'dist');
    expect(listFiles(dist).filter((f) => f.endsWith('.html')).length).toBeGreaterThan(50);
    expect(findBrokenLinks(dist, { allowRootRelative: ['404.html'] })).toEqual([]);
  });
});

describe('a site published under a sub-path (--url https://x.gov.cn/press/)', () => {
  let root: string;
  const dist = () => path.join(root, 'dist');
  const xml = (rel: string) => new DOMParser().parseFromString(fs.readFileSync(path.join(dist(), rel), 'utf8'), 'text/xml');

  beforeAll(async () => {
    root = copyFixture('sites/basic');
    expect((await buildSite(root, { url: 'https://x.gov.cn/press/' })).ok).toBe(true);
  });

  it('keeps every internal link relative, and the 404 page absolute from /press/', () => {
    expect(findBrokenLinks(dist(), { siteBase: '/press/', allowRootRelative: ['404.html'] })).toEqual([]);
    const notFound = readHtml(root, '404.html');
    const home = notFound.querySelector('header a.site-name')!.getAttribute('href');
    expect(home).toBe('/press/');
  });

  it('gives every page a canonical link under the sub-path', () => {
    for (const [page, url] of [
      ['index.html', 'https://x.gov.cn/press/'],
      ['2025/02/fund-results/index.html', 'https://x.gov.cn/press/2025/02/fund-results/'],
      ['agencies/science-technology/index.html', 'https://x.gov.cn/press/agencies/science-technology/'],
    ]) {
      expect(readHtml(root, page!).querySelector('link[rel="canonical"]')!.getAttribute('href')).toBe(url);
    }
  });

  it('puts the sub-path into feed, sitemap and robots.txt addresses', () => {
    const rssLinks = [...xml('feed.xml').querySelectorAll('item > link')].map((l) => l.textContent);
    expect(rssLinks).toContain('https://x.gov.cn/press/2025/02/fund-results/');
    expect(rssLinks.every((l) => l!.startsWith('https://x.gov.cn/press/'))).toBe(true);
    const atomLinks = [...xml('agencies/science-technology/atom.xml').querySelectorAll('entry > link')].map((l) => l.getAttribute('href'));
    expect(atomLinks.length).toBe(3);
    expect(atomLinks.every((l) => l!.startsWith('https://x.gov.cn/press/'))).toBe(true);
    const locs = [...xml('sitemap.xml').querySelectorAll('loc')].map((l) => l.textContent);
    expect(locs.every((l) => l!.startsWith('https://x.gov.cn/press/'))).toBe(true);
    expect(fs.readFileSync(path.join(dist(), 'robots.txt'), 'utf8')).toContain('Sitemap: https://x.gov.cn/press/sitemap.xml');
  });

  it('makes links and images inside feed items absolute under the sub-path', () => {
    const item = [...xml('feed.xml').querySelectorAll('item')].find((i) => i.querySelector('link')!.textContent!.includes('fund-results'))!;
    const body = parseHTML(`<div>${item.getElementsByTagName('content:encoded')[0]!.textContent}</div>`).document;
    expect(body.querySelector('a')!.getAttribute('href')).toBe('https://x.gov.cn/press/2024/01/science-fund/');
    expect(body.querySelector('img')!.getAttribute('src')).toBe('https://x.gov.cn/press/2025/images/park.png');
  });
});
