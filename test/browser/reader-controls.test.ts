import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, useSampleSiteInBrowser } from '../helpers/browser.js';

const ARTICLE = '2024/03/innovation-fund-notice/';
const OTHER_ARTICLE = '2024/01/air-quality-report-2023/';

/** Computed font size, in CSS pixels, of the first paragraph of the release's body text. */
const bodyTextSize = (page: Page) => page.locator('.body p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
const pressed = (page: Page, name: string) => page.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');

describeBrowser('reader controls in Chromium (字体 大/中/小, 打印)', () => {
  const site = useSampleSiteInBrowser();

  it('enlarges and shrinks the body text, marking the pressed button', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(site.server.url + ARTICLE);
    const medium = await bodyTextSize(page);
    expect(await pressed(page, '中')).toBe('true');

    await page.getByRole('button', { name: '大', exact: true }).click();
    const large = await bodyTextSize(page);
    expect(large).toBeGreaterThan(medium);
    expect(await pressed(page, '大')).toBe('true');
    expect(await pressed(page, '中')).toBe('false');

    await page.getByRole('button', { name: '小', exact: true }).click();
    expect(await bodyTextSize(page)).toBeLessThan(medium);
    expect(await pressed(page, '小')).toBe('true');
    expect(await pressed(page, '大')).toBe('false');
    await context.close();
  }, 30_000);

  it('remembers the chosen size across a reload and on other pages', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    await page.goto(site.server.url + ARTICLE);
    const medium = await bodyTextSize(page);
    await page.getByRole('button', { name: '大', exact: true }).click();
    const large = await bodyTextSize(page);

    await page.reload();
    expect(await bodyTextSize(page)).toBe(large);
    expect(await pressed(page, '大')).toBe('true');
    expect(await pressed(page, '中')).toBe('false');

    await page.goto(site.server.url + OTHER_ARTICLE);
    expect(await bodyTextSize(page)).toBeGreaterThan(medium);
    expect(await pressed(page, '大')).toBe('true');
    await context.close();
  }, 30_000);

  it('switches to high contrast (高对比度), marks it pressed, and keeps it on other pages until switched off', async () => {
    const context = await site.browser.newContext();
    const page = await context.newPage();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.goto(site.server.url + ARTICLE);
    expect(await background()).toBe('rgb(255, 255, 255)');
    expect(await pressed(page, '高对比度')).toBe('false');

    await page.getByRole('button', { name: '高对比度', exact: true }).click();
    expect(await background()).toBe('rgb(0, 0, 0)');
    expect(await page.locator('.body p').first().evaluate((p) => getComputedStyle(p).color)).toBe('rgb(255, 255, 255)');
    expect(await pressed(page, '高对比度')).toBe('true');

    await page.goto(site.server.url); // the home page has no reader controls, but keeps the choice
    expect(await background()).toBe('rgb(0, 0, 0)');
    await page.goto(site.server.url + OTHER_ARTICLE);
    expect(await pressed(page, '高对比度')).toBe('true');
    await page.getByRole('button', { name: '高对比度', exact: true }).click();
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.reload();
    expect(await background()).toBe('rgb(255, 255, 255)');
    expect(await pressed(page, '高对比度')).toBe('false');
    await context.close();
  }, 30_000);

  it('calls window.print from the 打印 button', async () => {
    const context = await site.browser.newContext();
    // Headless Chromium would open no dialog; count the calls instead.
    await context.addInitScript(() => {
      const w = window as unknown as { printCalls: number; print: () => void };
      w.printCalls = 0;
      w.print = () => {
        w.printCalls += 1;
      };
    });
    const page = await context.newPage();
    await page.goto(site.server.url + ARTICLE);
    expect(await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(0);
    await page.getByRole('button', { name: '打印', exact: true }).click();
    expect(await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
    await context.close();
  }, 30_000);

  it('labels the controls in the page language on English releases', async () => {
    const page = await site.browser.newPage();
    await page.goto(site.server.url + '2024/09/international-science-cooperation-forum/');
    await expect(page.getByRole('group', { name: 'Reader tools' }).isVisible()).resolves.toBe(true);
    expect(await pressed(page, 'Medium')).toBe('true');
    await page.close();
  }, 30_000);

  it('hides the controls, and keeps the whole release, when JavaScript is off', async () => {
    const context = await site.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(site.server.url + ARTICLE);
    expect(await page.locator('.reader-tools').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印', exact: true }).count()).toBe(0);
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('.body p').first().isVisible()).toBe(true);
    expect(await page.locator('.source').isVisible()).toBe(true);
    await context.close();
  }, 30_000);
});
