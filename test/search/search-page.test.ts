import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, describeViolations, launchBrowser, runAxe, serveFolder, type Served } from '../helpers/browser.js';
import { buildSite, cleanupSites, makeSite } from '../helpers/site.js';
import { CASES, T, searchFixtureFiles, type SearchCase } from './fixture-site.js';

/** The site is served under /news/, as on a host with other sites beside it. */
const SEARCH = 'news/search/';

describeBrowser('site search in Chromium (站内搜索)', () => {
  let browser: Browser;
  let server: Served;

  beforeAll(async () => {
    const root = makeSite(searchFixtureFiles());
    const result = await buildSite(root);
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
    const host = path.join(root, 'host');
    fs.cpSync(path.join(root, 'dist'), path.join(host, 'news'), { recursive: true });
    server = await serveFolder(host);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    cleanupSites();
  });

  /** What the status line must say when a search is done. */
  function expectedStatus(c: SearchCase): string {
    if (c.hits.length === 0) return `没有找到与“${c.request.q}”相关的稿件。请检查用字，或减少关键词、筛选条件。`;
    return c.request.q ? `找到 ${c.hits.length} 条与“${c.request.q}”相关的稿件。` : `找到 ${c.hits.length} 条稿件。`;
  }

  /** Sets the filters, then types the query and presses Enter, as a reader would. */
  async function search(page: Page, c: SearchCase): Promise<string[]> {
    await page.goto(server.url + SEARCH);
    await page.locator('#search-filters').waitFor({ state: 'visible' });
    if (c.request.agency) await page.getByLabel('发布机构').selectOption(c.request.agency);
    if (c.request.tag) await page.getByLabel('主题分类').selectOption(c.request.tag);
    if (c.request.year) await page.getByLabel('年份').selectOption(c.request.year);
    if (c.request.sort) await page.getByLabel('排序').selectOption(c.request.sort);
    const box = page.getByRole('searchbox', { name: '搜索本站稿件' }).last();
    await box.fill(c.request.q ?? '');
    await box.press('Enter');
    await page.getByRole('status').filter({ hasText: expectedStatus(c) }).waitFor({ timeout: 10_000 });
    return page.locator('#search-results li h2 a').allTextContents();
  }

  it('finds the expected bulletins for every query, in the order shown', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    for (const c of CASES) {
      let got: string[];
      try {
        got = await search(page, c);
      } catch (e) {
        failures.push(`${c.name} ${JSON.stringify(c.request)}: status never said "${expectedStatus(c)}" (it said "${await page.getByRole('status').textContent()}")`);
        continue;
      }
      const [a, b] = c.anyOrder ? [[...got].sort(), [...c.hits].sort()] : [got, c.hits];
      if (JSON.stringify(a) !== JSON.stringify(b)) failures.push(`${c.name} ${JSON.stringify(c.request)}: got ${JSON.stringify(got)}, expected ${JSON.stringify(c.hits)}`);
    }
    expect(failures).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows each hit with a working title link, the date, the agency and the match marked in the excerpt', async () => {
    const page = await browser.newPage();
    await search(page, { name: '', request: { q: '科技创新' }, hits: [T.A] });
    const hit = page.locator('#search-results li').first();
    expect(await hit.locator('time').textContent()).toBe('2020-03-15');
    expect(await hit.locator('.search-meta').textContent()).toBe('2020-03-15 · 阳泉市科技局');
    expect(await hit.locator('.search-excerpt mark').allTextContents()).toEqual(['科技创新']);
    expect(await hit.locator('h2 mark').allTextContents()).toEqual(['科技创新']);
    await hit.getByRole('link').click();
    await page.waitForURL(`${server.url}news/2020/03/kj-meeting/`);
    expect(await page.locator('h1').textContent()).toBe(T.A);
    await page.close();
  }, 30_000);

  it('searches from the header box of any page and keeps the query in the address (reload, Back)', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + 'news/2022/09/kj-fair/');
    const header = page.locator('.site-header').getByRole('searchbox');
    await header.fill('王建国');
    await header.press('Enter');
    await page.getByRole('status').filter({ hasText: '找到 2 条' }).waitFor();
    expect(page.url()).toBe(`${server.url}${SEARCH}?q=${encodeURIComponent('王建国')}`);
    expect(await page.locator('#search-q').inputValue()).toBe('王建国');

    await page.locator('#search-q').fill('营商环境');
    await page.locator('#search-q').press('Enter');
    await page.getByRole('status').filter({ hasText: '“营商环境”' }).waitFor();
    await page.reload();
    await page.getByRole('status').filter({ hasText: '找到 2 条与“营商环境”' }).waitFor();
    await page.goBack();
    await page.getByRole('status').filter({ hasText: '“王建国”' }).waitFor();
    expect(await page.locator('#search-results li h2 a').allTextContents()).toHaveLength(2);
    await page.close();
  }, 30_000);

  it('is usable with the keyboard alone', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + SEARCH);
    await page.locator('#search-filters').waitFor({ state: 'visible' });
    await page.locator('#search-q').focus();
    await page.keyboard.type('innovation');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '找到 2 条' }).waitFor();
    // Tab order from the query box: the button, four filters, then the first result.
    for (let k = 0; k < 5; k++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-sort');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('#search-results') !== null)).toBe(true);
    await page.close();
  }, 30_000);

  it('passes axe (WCAG A/AA) with results and filters shown, and fits a phone screen', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await search(page, { name: '', request: { q: '创新', agency: '阳泉市科技局' }, hits: [T.A, T.B] });
    expect(describeViolations(await runAxe(page))).toBe('');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await context.close();
  }, 30_000);

  it('says that search needs JavaScript, and links to the archives, when JavaScript is off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + SEARCH);
    expect(await page.locator('main').innerText()).toBe('站内搜索\n\n站内搜索需要浏览器启用 JavaScript。 您也可以按日期浏览全部稿件。');
    await page.getByRole('link', { name: '您也可以按日期浏览全部稿件。' }).click();
    await page.waitForURL(`${server.url}news/archive/`);
    await context.close();
  }, 30_000);

  it('asks for a word when the form is sent empty', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + SEARCH);
    await page.locator('#search-filters').waitFor({ state: 'visible' });
    expect(await page.getByRole('status').textContent()).toBe('');
    await page.getByRole('button', { name: '搜索', exact: true }).last().click();
    await page.getByRole('status').filter({ hasText: '请输入要搜索的关键词。' }).waitFor();
    expect(await page.locator('#search-results li').count()).toBe(0);
    await page.close();
  }, 30_000);

  it('shows ten hits at a time, and moves focus to the first new hit on 显示更多结果', async () => {
    const page = await browser.newPage();
    await page.goto(server.url + SEARCH);
    await page.locator('#search-filters').waitFor({ state: 'visible' });
    await page.getByLabel('排序').selectOption('newest');
    await page.locator('#search-q').fill('阳泉');
    await page.locator('#search-q').press('Enter');
    await page.getByRole('status').filter({ hasText: '找到 11 条' }).waitFor();
    expect(await page.locator('#search-results li').count()).toBe(10);
    await page.getByRole('button', { name: '显示更多结果' }).click();
    await page.locator('#search-results li').nth(10).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await page.locator('#search-results li').nth(10).locator('a').textContent());
    expect(await page.getByRole('button', { name: '显示更多结果' }).isVisible()).toBe(false);
    await page.close();
  }, 30_000);

  it('tells the reader when the index cannot be loaded', async () => {
    const page = await browser.newPage();
    await page.route('**/search/manifest.json', (route) => route.fulfill({ status: 404, body: '' }));
    await page.goto(`${server.url}${SEARCH}?q=创新`);
    await page.getByRole('status').filter({ hasText: '搜索暂时无法使用' }).waitFor();
    await page.close();
  }, 30_000);
});
