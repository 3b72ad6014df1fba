import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveLink } from '../helpers/links.js';
import { bulletin, buildSite, cleanupSites, copyFixture, makeSite, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

let root: string;
beforeAll(async () => {
  root = copyFixture('sites/basic');
  expect((await buildSite(root)).ok).toBe(true);
});

const FUND = '2024/01/science-fund/index.html';
const RIVER = '2025/06/river-report/index.html';
/** `<dt>` text → `<dd>` text of the page's metadata list. */
const meta = (doc: Document) => Object.fromEntries([...doc.querySelectorAll('dl.meta > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));

describe('an article page', () => {
  it('shows the title, 发布机构 and 发布日期', () => {
    const doc = readHtml(root, FUND);
    expect(doc.querySelector('main h1')!.textContent).toBe('关于申报2024年度科技创新专项资金的通知');
    expect(meta(doc)).toEqual({ 发布机构: '测试市科学技术局', 发布日期: '2024-01-10 09:00' });
    expect(doc.querySelector('title')!.textContent).toBe('关于申报2024年度科技创新专项资金的通知 - 测试市政府信息发布');
  });

  it('shows the official-document fields in a block when present, and no block otherwise', () => {
    const rows = Object.fromEntries(
      [...readHtml(root, FUND).querySelectorAll('table.doc-info tr')].map((tr) => [tr.querySelector('th')!.textContent, tr.querySelector('td')!.textContent]),
    );
    expect(rows).toMatchObject({
      索引号: '11350700MB0123456X/2024-00012',
      主题分类: '科技/科技创新',
      成文日期: '2024-01-08',
      文号: '测科发〔2024〕12号',
      发布机构: '测试市科学技术局',
    });
    expect(readHtml(root, '2025/08/open-day/index.html').querySelector('table.doc-info')).toBeNull();
  });

  it('ends with the source line, which defaults to the agency', async () => {
    expect(readHtml(root, FUND).querySelector('.source')!.textContent).toContain('测试市科学技术局');
    const site = makeSite({ 'content/a.md': bulletin({ title: 'a', date: '2025-01-01', agency: '测试局', source: '新华社' }) });
    await buildSite(site);
    expect(readHtml(site, '2025/01/a/index.html').querySelector('.source')!.textContent).toContain('新华社');
  });

  it('links related bulletins (相关稿件) and the previous and next ones in publication order', () => {
    const doc = readHtml(root, FUND);
    expect(doc.querySelector('.related h2')!.textContent).toBe('相关稿件');
    const related = [...doc.querySelectorAll('.related a')].map((a) => resolveLink(FUND, a.getAttribute('href')!));
    expect(related[0]).toBe('2025/02/fund-results/index.html');
    expect(related.length).toBeLessThanOrEqual(5);
    const older = doc.querySelector('.prev-next a[rel="prev"]')!;
    const newer = doc.querySelector('.prev-next a[rel="next"]')!;
    expect(older.parentElement!.textContent).toContain('上一篇');
    expect(resolveLink(FUND, older.getAttribute('href')!)).toBe('2020/05/flood-warning/index.html');
    expect(newer.parentElement!.textContent).toContain('下一篇');
    expect(resolveLink(FUND, newer.getAttribute('href')!)).toBe('2024/07/budget-report/index.html');
    // The oldest has no 上一篇, the newest no 下一篇.
    expect(readHtml(root, '2020/05/flood-warning/index.html').querySelector('.prev-next a[rel="prev"]')).toBeNull();
    expect(readHtml(root, '2025/08/open-day/index.html').querySelector('.prev-next a[rel="next"]')).toBeNull();
  });

  it('offers font sizes 大/中/小 and print, with the whole text in the HTML for readers without JavaScript', () => {
    const doc = readHtml(root, FUND);
    const buttons = [...doc.querySelectorAll('.reader-tools button')].map((b) => b.textContent);
    expect(buttons.slice(0, 3)).toEqual(['大', '中', '小']);
    expect(buttons).toContain('打印');
    expect(doc.querySelector('.body')!.textContent).toContain('研发后补助');
    expect(doc.querySelector('.body table th')!.textContent).toBe('项目类别');
  });
});

describe('summaries', () => {
  it('default to the start of the body, cut on a character boundary safe for Chinese, and front matter overrides them', async () => {
    // 119 ideographs, then an emoji (two UTF-16 units) as the 120th character, and no sentence end.
    const long = `${'政'.repeat(119)}😀${'务'.repeat(40)}`;
    const site = makeSite({
      'content/a.md': bulletin({ title: 'a', date: '2025-01-02' }, long),
      'content/b.md': bulletin({ title: 'b', date: '2025-01-01', summary: '编辑写的摘要。' }, '正文第一句。'),
    });
    expect((await buildSite(site)).diagnostics).toEqual([]);
    const summaries = [...readHtml(site, 'index.html').querySelectorAll('.item-summary')].map((p) => p.textContent!);
    expect(summaries[0]).toBe(`${'政'.repeat(119)}😀…`);
    expect(summaries[1]).toBe('编辑写的摘要。');
    expect(readHtml(site, '2025/01/b/index.html').querySelector('meta[name="description"]')!.getAttribute('content')).toBe('编辑写的摘要。');
  });
});

describe('UI strings follow the page language', () => {
  it('gives an English bulletin English labels, dates and lang="en"', () => {
    const doc = readHtml(root, RIVER);
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(meta(doc)).toEqual({ From: 'Test City Bureau of Ecology', Published: '30 June 2025, 3:00pm' });
    const buttons = [...doc.querySelectorAll('.reader-tools button')].map((b) => b.textContent);
    expect(buttons.slice(0, 3)).toEqual(['Large', 'Medium', 'Small']);
    expect(buttons).toContain('Print');
    expect(doc.querySelector('.prev-next a[rel="prev"]')!.parentElement!.textContent).toContain('Previous');
    expect(doc.querySelector('.breadcrumb a')!.textContent).toBe('Home');
  });

  it('keeps Chinese labels on Chinese pages of the same site', () => {
    const doc = readHtml(root, FUND);
    expect(doc.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(doc.querySelector('.breadcrumb a')!.textContent).toBe('首页');
  });

  it('uses the site language for list pages, and the base language table for a regional variant', async () => {
    const site = makeSite({
      'bulletin.config.yaml': 'lang: en-GB\ntitle: Test City\n',
      'content/a.md': bulletin({ title: 'Flood warning', date: '2025-03-04 09:05' }),
    });
    expect((await buildSite(site)).diagnostics).toEqual([]);
    const home = readHtml(site, 'index.html');
    expect(home.documentElement.getAttribute('lang')).toBe('en-GB');
    expect(home.querySelector('main h1')!.textContent).toBe('Latest releases');
    expect(readHtml(site, '2025/03/a/index.html').querySelector('dl.meta dt')!.textContent).toBe('From');
  });
});
