import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, useSampleSiteInBrowser } from '../helpers/browser.js';

const ARTICLE = '2024/03/innovation-fund-notice/';
/** An article with a wide four-column data table. */
const TABLE_ARTICLE = '2025/01/innovation-fund-projects-2024/';
/**
 * Screenshots go to docs/screenshots only when asked (`UPDATE_SCREENSHOTS=1 npm test`, on a machine with
 * CJK fonts): an ordinary test run must never rewrite tracked files.
 */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-screenshots-'));

/** True when the page can be scrolled sideways (WCAG 1.4.10 reflow fails). */
const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describeBrowser('layout in Chromium: phone, print, screenshots', () => {
  const site = useSampleSiteInBrowser();

  it.each([
    ['an article', ARTICLE],
    ['an article with a data table', TABLE_ARTICLE],
    ['an English article', '2024/09/international-science-cooperation-forum/'],
    ['the home index', ''],
    ['a month archive', '2024/03/'],
    ['the archive overview', 'archive/'],
    ['the tag overview', 'tags/'],
    ['the site map', 'sitemap/'],
  ])('does not scroll sideways at 320 CSS pixels: %s', async (_name, url) => {
    const context = await site.browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(site.server.url + url);
    expect(await scrollsSideways(page)).toBe(false);
    await context.close();
  }, 30_000);

  it('keeps a wide table scrolling inside its own box at 320 px, also at the largest text size', async () => {
    const context = await site.browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(site.server.url + TABLE_ARTICLE);
    await page.getByRole('button', { name: '大', exact: true }).click();
    const box = page.locator('.table-scroll').first();
    const { scrollWidth, clientWidth, overflowX } = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, overflowX: getComputedStyle(el).overflowX }));
    expect(overflowX).toBe('auto');
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    expect(await scrollsSideways(page)).toBe(false);
    await context.close();
  }, 30_000);

  it('prints the release without navigation or controls, with its address', async () => {
    const page = await site.browser.newPage();
    await page.goto(site.server.url + ARTICLE);
    await page.emulateMedia({ media: 'print' });
    for (const hidden of ['nav[aria-label="主导航"]', '.site-header', '.breadcrumb', '.reader-tools', '.site-search', '.related', '.prev-next', '.site-footer']) {
      expect(await page.locator(hidden).first().isVisible(), hidden).toBe(false);
    }
    for (const shown of ['h1', '.meta', '.doc-info', '.body', '.source', '.attachments']) {
      expect(await page.locator(shown).first().isVisible(), shown).toBe(true);
    }
    const address = page.locator('.print-only');
    expect(await address.isVisible()).toBe(true);
    expect(await address.textContent()).toContain('https://www.example.gov.cn/2024/03/innovation-fund-notice/');
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('nav[aria-label="主导航"]').isVisible()).toBe(true);
    expect(await address.isVisible()).toBe(false);
    await page.close();
  }, 30_000);

  it('prints black on white even when the reader chose 高对比度 on screen', async () => {
    const context = await site.browser.newContext();
    await context.addInitScript(() => localStorage.setItem('bulletin-contrast', 'high'));
    const page = await context.newPage();
    await page.goto(site.server.url + ARTICLE);
    const colours = () =>
      page.evaluate(() => ['body', '.meta', '.body p', '.source'].map((s) => [getComputedStyle(document.querySelector(s)!).color, getComputedStyle(document.body).backgroundColor]));
    expect((await colours())[0]).toEqual(['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
    await page.emulateMedia({ media: 'print' });
    for (const [text, paper] of await colours()) {
      expect(paper).toBe('rgb(255, 255, 255)');
      expect(['rgb(0, 0, 0)', 'rgb(51, 51, 51)']).toContain(text);
    }
    await context.close();
  }, 30_000);

  it('prints wide tables whole instead of cutting them off', async () => {
    // A4 portrait at 96 dpi is about 700 CSS pixels of text width.
    const context = await site.browser.newContext({ viewport: { width: 700, height: 1000 } });
    const page = await context.newPage();
    await page.goto(site.server.url + TABLE_ARTICLE);
    await page.emulateMedia({ media: 'print' });
    const box = page.locator('.table-scroll').first();
    const { scrollWidth, clientWidth, overflowX } = await box.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, overflowX: getComputedStyle(el).overflowX }));
    expect(overflowX).toBe('visible');
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await context.close();
  }, 30_000);

  it('saves desktop, phone, print and high-contrast screenshots of an article', async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const shots: [string, { width: number; height: number }, 'screen' | 'print', boolean][] = [
      ['article-desktop.png', { width: 1280, height: 900 }, 'screen', false],
      ['article-phone.png', { width: 375, height: 812 }, 'screen', false],
      ['article-print.png', { width: 794, height: 1123 }, 'print', false],
      ['article-high-contrast.png', { width: 1280, height: 900 }, 'screen', true],
    ];
    for (const [file, viewport, media, highContrast] of shots) {
      const context = await site.browser.newContext({ viewport, deviceScaleFactor: 1 });
      if (highContrast) await context.addInitScript(() => localStorage.setItem('bulletin-contrast', 'high'));
      const page = await context.newPage();
      await page.goto(site.server.url + ARTICLE);
      await page.emulateMedia({ media });
      const target = path.join(SCREENSHOTS, file);
      await page.screenshot({ path: target, fullPage: true });
      expect(fs.statSync(target).size).toBeGreaterThan(10_000);
      await context.close();
    }
  }, 60_000);
});
