import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { BuildResult } from '../../src/build.js';
import { buildSite, cleanupSites, copyFixture, listFiles, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

// The basic fixture shows six bulletins (a draft and a scheduled one stay out) from four agencies,
// in 2020, 2024 and 2025, with six tags, and lists three per page.
let root: string;
let result: BuildResult;
let files: string[];

beforeAll(async () => {
  root = copyFixture('sites/basic');
  result = await buildSite(root);
  files = listFiles(path.join(root, 'dist'));
});
afterAll(cleanupSites);

const matching = (re: RegExp) => files.filter((f) => re.test(f));

describe('a build writes every kind of page in one pass', () => {
  it('succeeds without problems', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.bulletinsRead).toBe(8);
  });

  it('writes one article page per shown bulletin, at its permalink', () => {
    expect(matching(/^\d{4}\/\d{2}\/[a-z-]+\/index\.html$/)).toEqual([
      '2020/05/flood-warning/index.html',
      '2024/01/science-fund/index.html',
      '2024/07/budget-report/index.html',
      '2025/02/fund-results/index.html',
      '2025/06/river-report/index.html',
      '2025/08/open-day/index.html',
    ]);
  });

  it('pages the home index, three bulletins a page', () => {
    expect(matching(/^(page\/\d+\/)?index\.html$/)).toEqual(['index.html', 'page/2/index.html']);
  });

  it('writes a page for every year and every month that has bulletins', () => {
    expect(matching(/^\d{4}\/index\.html$/)).toEqual(['2020/index.html', '2024/index.html', '2025/index.html']);
    expect(matching(/^\d{4}\/\d{2}\/index\.html$/)).toEqual([
      '2020/05/index.html',
      '2024/01/index.html',
      '2024/07/index.html',
      '2025/02/index.html',
      '2025/06/index.html',
      '2025/08/index.html',
    ]);
    // 2025 has exactly one page of bulletins, so it has no second page.
    expect(matching(/^\d{4}\/page\//)).toEqual([]);
  });

  it('writes agency pages with ASCII addresses: mapped in the config, else pinyin', () => {
    expect(matching(/^agencies\/.+\/index\.html$/)).toEqual([
      'agencies/ce-shi-shi-cai-zheng-ju/index.html',
      'agencies/ce-shi-shi-ren-min-zheng-fu-ban-gong-shi/index.html',
      'agencies/ecology-en/index.html',
      'agencies/science-technology/index.html',
    ]);
    const heading = readHtml(root, 'agencies/ce-shi-shi-cai-zheng-ju/index.html').querySelector('main h1')?.textContent;
    expect(heading).toBe('测试市财政局');
  });

  it('writes tag pages with ASCII addresses', () => {
    expect(matching(/^tags\/.+\/index\.html$/)).toEqual([
      'tags/cai-zheng/index.html',
      'tags/environment/index.html',
      'tags/fang-xun/index.html',
      'tags/ke-ji-chuang-xin/index.html',
      'tags/zheng-wu-gong-kai/index.html',
      'tags/zi-jin-fu-chi/index.html',
    ]);
  });

  it('writes the index pages, the 404 page, feeds, sitemap, robots.txt and related.json', () => {
    for (const f of ['archive/index.html', 'agencies/index.html', 'tags/index.html', 'sitemap/index.html', '404.html']) {
      expect(files, f).toContain(f);
    }
    expect(matching(/\.xml$/)).toEqual([
      'agencies/ce-shi-shi-cai-zheng-ju/atom.xml',
      'agencies/ce-shi-shi-cai-zheng-ju/feed.xml',
      'agencies/ce-shi-shi-ren-min-zheng-fu-ban-gong-shi/atom.xml',
      'agencies/ce-shi-shi-ren-min-zheng-fu-ban-gong-shi/feed.xml',
      'agencies/ecology-en/atom.xml',
      'agencies/ecology-en/feed.xml',
      'agencies/science-technology/atom.xml',
      'agencies/science-technology/feed.xml',
      'atom.xml',
      'feed.xml',
      'sitemap.xml',
    ]);
    expect(files).toContain('robots.txt');
    expect(files).toContain('related.json');
  });

  it('lists every agency and tag with its count on the index pages', () => {
    const counts = (rel: string) =>
      Object.fromEntries(
        [...readHtml(root, rel).querySelectorAll('main li')].map((li) => [
          li.querySelector('a')!.textContent!.trim(),
          li.querySelector('.count')?.textContent?.replace(/\D/g, ''),
        ]),
      );
    expect(counts('agencies/index.html')).toEqual({
      测试市科学技术局: '3',
      测试市财政局: '1',
      测试市人民政府办公室: '1',
      'Test City Bureau of Ecology': '1',
    });
    expect(counts('tags/index.html')).toEqual({ 科技创新: '2', 财政: '1', environment: '1', 防汛: '1', 政务公开: '1', 资金扶持: '1' });
  });

  it('counts the bulletins of every year and month on /archive/', () => {
    const doc = readHtml(root, 'archive/index.html');
    const link = (href: string) => doc.querySelector(`main a[href="${href}"]`);
    for (const href of ['../2020/', '../2024/', '../2025/', '../2024/01/', '../2025/08/']) expect(link(href), href).not.toBeNull();
    expect(link('../2025/')!.parentElement!.textContent).toMatch(/3/);
  });

  it('reports the number of pages and files it wrote', () => {
    const html = files.filter((f) => f.endsWith('.html'));
    expect(result.pages).toBe(html.length);
    // Every file but the writer's own manifest is counted.
    expect(result.files).toBe(files.length - 1);
  });

  it('lists every page but the 404 page in sitemap.xml', () => {
    const xml = fs.readFileSync(path.join(root, 'dist/sitemap.xml'), 'utf8');
    const { document } = parseHTML(xml);
    const locs = [...document.querySelectorAll('loc')].map((l) => l.textContent!.replace('https://www.test.gov.cn/', ''));
    const expected = files
      .filter((f) => f.endsWith('.html') && f !== '404.html')
      .map((f) => f.replace(/index\.html$/, ''))
      .sort();
    expect([...locs].sort()).toEqual(expected);
  });
});
