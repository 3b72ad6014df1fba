import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findBrokenLinks, resolveLink } from '../helpers/links.js';
import { bulletin, buildSite, cleanupSites, listFiles, makeSite, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

/** A site with `count` bulletins, one a day in March 2025 (newest is number `count`), `pageSize` per page. */
async function siteWith(count: number, pageSize: number) {
  const files: Record<string, string> = { 'bulletin.config.yaml': `pageSize: ${pageSize}\n`, 'content/.keep': '' };
  for (let n = 1; n <= count; n++) {
    const day = String(n).padStart(2, '0');
    files[`content/2025-03-${day}-item-${n}.md`] = bulletin({ title: `稿件${n}`, date: `2025-03-${day} 09:00` });
  }
  const root = makeSite(files);
  const result = await buildSite(root);
  expect(result.diagnostics).toEqual([]);
  return root;
}

const titles = (doc: Document) => [...doc.querySelectorAll('main .item-list > li > a')].map((a) => a.textContent);
/** The output file the page's rel=prev/next link leads to. */
const rel = (root: string, page: string, which: 'prev' | 'next') => {
  const href = readHtml(root, page).querySelector(`nav.pagination a[rel="${which}"]`)?.getAttribute('href');
  return href === undefined || href === null ? undefined : resolveLink(page, href);
};
const pageFiles = (root: string) => listFiles(path.join(root, 'dist')).filter((f) => /(^|\/)page\//.test(f));

describe('pagination of list pages', () => {
  it('gives an empty site a home page that says there is nothing yet, and no other list pages', async () => {
    const root = await siteWith(0, 3);
    const home = readHtml(root, 'index.html');
    expect(titles(home)).toEqual([]);
    expect(home.querySelector('main')!.textContent).toContain('暂无稿件');
    expect(home.querySelector('nav.pagination')).toBeNull();
    expect(pageFiles(root)).toEqual([]);
    expect(fs.existsSync(path.join(root, 'dist/2025'))).toBe(false);
  });

  it('shows one bulletin on one page without page links', async () => {
    const root = await siteWith(1, 3);
    const home = readHtml(root, 'index.html');
    expect(titles(home)).toEqual(['稿件1']);
    expect(home.querySelector('nav.pagination')).toBeNull();
    expect(pageFiles(root)).toEqual([]);
  });

  it('keeps exactly one page of bulletins on one page', async () => {
    const root = await siteWith(3, 3);
    for (const list of ['index.html', '2025/index.html', '2025/03/index.html']) {
      const doc = readHtml(root, list);
      expect(titles(doc), list).toEqual(['稿件3', '稿件2', '稿件1']);
      expect(doc.querySelector('nav.pagination'), list).toBeNull();
    }
    expect(pageFiles(root)).toEqual([]);
  });

  it('moves the one bulletin more than a page onto /page/2/, linked both ways', async () => {
    const root = await siteWith(4, 3);
    // Home, year, month and the agency (every bulletin here comes from the default agency) all split.
    expect(pageFiles(root)).toEqual([
      '2025/03/page/2/index.html',
      '2025/page/2/index.html',
      'agencies/zheng-fu-xin-xi-fa-bu/page/2/index.html',
      'page/2/index.html',
    ]);

    const first = readHtml(root, 'index.html');
    expect(titles(first)).toEqual(['稿件4', '稿件3', '稿件2']);
    expect(rel(root, 'index.html', 'prev')).toBeUndefined();
    expect(rel(root, 'index.html', 'next')).toBe('page/2/index.html');

    const second = readHtml(root, 'page/2/index.html');
    expect(titles(second)).toEqual(['稿件1']);
    expect(rel(root, 'page/2/index.html', 'prev')).toBe('index.html');
    expect(rel(root, 'page/2/index.html', 'next')).toBeUndefined();
    expect(second.querySelector('nav.pagination [aria-current="page"]')?.textContent).toBe('2');
    expect(second.querySelector('main h1')!.textContent).toContain('第 2 页');

    const month = readHtml(root, '2025/03/page/2/index.html');
    expect(titles(month)).toEqual(['稿件1']);
    expect(rel(root, '2025/03/page/2/index.html', 'prev')).toBe('2025/03/index.html');
    expect(rel(root, '2025/03/index.html', 'next')).toBe('2025/03/page/2/index.html');
  });

  it('links the first, the last and two pages either side of the current one, with gaps between', async () => {
    const root = await siteWith(30, 2); // 15 pages
    const numbers = (rel: string) =>
      [...readHtml(root, rel).querySelectorAll('nav.pagination li')]
        .map((li) => li.textContent!.trim())
        .filter((t) => /^\d+$|^…$/.test(t));
    expect(numbers('page/8/index.html')).toEqual(['1', '…', '6', '7', '8', '9', '10', '…', '15']);
    expect(numbers('index.html')).toEqual(['1', '2', '3', '…', '15']);
    expect(numbers('page/15/index.html')).toEqual(['1', '…', '13', '14', '15']);
    expect(numbers('page/4/index.html')).toEqual(['1', '2', '3', '4', '5', '6', '…', '15']);

    const eighth = readHtml(root, 'page/8/index.html');
    expect(eighth.querySelector('[aria-current="page"]')!.textContent).toBe('8');
    const targets = Object.fromEntries(
      [...eighth.querySelectorAll('nav.pagination li a:not([rel])')].map((a) => [a.textContent!.trim(), resolveLink('page/8/index.html', a.getAttribute('href')!)]),
    );
    expect(targets).toEqual({
      '1': 'index.html',
      '6': 'page/6/index.html',
      '7': 'page/7/index.html',
      '8': 'page/8/index.html',
      '9': 'page/9/index.html',
      '10': 'page/10/index.html',
      '15': 'page/15/index.html',
    });
    expect(rel(root, 'page/8/index.html', 'prev')).toBe('page/7/index.html');
    expect(rel(root, 'page/8/index.html', 'next')).toBe('page/9/index.html');
    expect(pageFiles(root).filter((f) => f.startsWith('page/'))).toHaveLength(14);
    expect(findBrokenLinks(path.join(root, 'dist'), { allowRootRelative: ['404.html'] })).toEqual([]);
  });
});
