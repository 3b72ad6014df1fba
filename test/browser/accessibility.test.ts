import { expect, it } from 'vitest';
import { describeBrowser, describeViolations, runAxe, useSampleSiteInBrowser } from '../helpers/browser.js';

/** One page of each kind the issue names, from the sample site built with the README's clock. */
const PAGES: [string, string][] = [
  ['an article page in Chinese', '2024/03/innovation-fund-notice/'],
  ['an article page in English', '2024/09/international-science-cooperation-forum/'],
  ['a withdrawn article page', '2024/10/bus-route-adjustment-consultation/'],
  ['the home index', ''],
  ['a year archive', '2024/'],
  ['a month archive', '2024/03/'],
  ['an agency page', 'agencies/science-technology/'],
  ['a tag page', 'tags/ke-ji-chuang-xin/'],
  ['the site map', 'sitemap/'],
  ['the accessibility statement', 'accessibility/'],
  ['the 404 page', 'no-such-page/'],
];

describeBrowser('accessibility in Chromium (axe-core, WCAG 2.0/2.1 A and AA)', () => {
  const site = useSampleSiteInBrowser();

  it('is a live check: it reports an image without a text alternative', async () => {
    const page = await site.browser.newPage();
    await page.setContent('<!DOCTYPE html><html lang="zh-CN"><head><title>t</title></head><body><main><h1>t</h1><img src="data:,"></main></body></html>');
    expect((await runAxe(page)).map((v) => v.id)).toContain('image-alt');
    await page.close();
  }, 30_000);

  it('brings the skip link into view on the first Tab, with a visible focus outline', async () => {
    const page = await site.browser.newPage();
    await page.goto(site.server.url + PAGES[0]![1]);
    const skip = page.locator('a.skip-link');
    expect((await skip.boundingBox())!.x).toBeLessThan(0);
    await page.keyboard.press('Tab');
    expect(await skip.evaluate((a) => a === document.activeElement)).toBe(true);
    const box = (await skip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(await skip.evaluate((a) => getComputedStyle(a).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  }, 30_000);

  it.each(PAGES)('finds no violations on %s', async (_name, path) => {
    const page = await site.browser.newPage();
    try {
      const response = await page.goto(site.server.url + path);
      expect(response?.status()).toBe(path.startsWith('no-such') ? 404 : 200);
      const violations = await runAxe(page);
      expect(describeViolations(violations)).toBe('');
    } finally {
      await page.close();
    }
  }, 30_000);
});

describeBrowser('accessibility in Chromium with 高对比度 and 大 text on', () => {
  const site = useSampleSiteInBrowser();

  it.each(PAGES)('finds no violations on %s', async (_name, path) => {
    const context = await site.browser.newContext();
    // The reader's stored choices, as the reader controls leave them.
    await context.addInitScript(() => {
      localStorage.setItem('bulletin-contrast', 'high');
      localStorage.setItem('bulletin-font-size', 'large');
    });
    const page = await context.newPage();
    try {
      await page.goto(site.server.url + path);
      expect(await page.evaluate(() => document.documentElement.className)).toContain('contrast-high');
      expect(describeViolations(await runAxe(page))).toBe('');
    } finally {
      await context.close();
    }
  }, 30_000);
});
