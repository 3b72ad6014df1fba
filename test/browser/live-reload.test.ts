import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { bulletin, cleanupSites, makeSite } from '../helpers/site.js';
import { describeBrowser, launchBrowser } from '../helpers/browser.js';
import { startTestSession, type TestSession } from '../watch/helpers/session.js';

const BETA = 'content/2025/2025-04-01-beta.md';
const SITE = {
  'bulletin.config.yaml': 'title: 明川市测试站\nurl: https://www.example.gov.cn/\npageSize: 3\n',
  'content/2025/2025-03-01-alpha.md': bulletin({ title: '甲公告', date: '2025-03-01 09:00', summary: '甲的摘要。' }, '甲的正文。'),
  [BETA]: bulletin({ title: '乙公告', date: '2025-04-01 09:00', summary: '乙的摘要。' }, '乙的正文。'),
  'content/2025/2025-05-01-gamma.md': bulletin({ title: '丙公告', date: '2025-05-01 09:00', summary: '丙的摘要。' }, '丙的正文。'),
};

let browser: Browser;
let t: TestSession;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await t?.close();
  await browser?.close();
  cleanupSites();
});

describeBrowser('live reload in the browser', () => {
  it('reloads the page that shows a saved bulletin, and leaves other open pages alone', { timeout: 60_000 }, async () => {
    const root = makeSite(SITE);
    t = await startTestSession(root);
    const context = await browser.newContext();
    const [article, other] = [await context.newPage(), await context.newPage()];
    await article.goto(new URL('2025/04/beta/', t.session.url).href);
    await other.goto(new URL('archive/', t.session.url).href);
    // A mark that a reload would wipe out.
    for (const p of [article, other]) await p.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
    await t.rebuildAfter(BETA, () => fs.writeFileSync(path.join(root, BETA), bulletin({ title: '乙公告', date: '2025-04-01 09:00', summary: '乙的摘要。' }, '乙的新正文。')));
    await article.waitForFunction(() => document.querySelector('main')?.textContent?.includes('乙的新正文。'), undefined, { timeout: 15_000 });
    expect(await article.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBeUndefined();
    // The archive shows months and counts, which a new body does not change: no reload.
    expect(await other.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    await context.close();
  });
});
