import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchBrowser, serveFolder, type Served } from '../helpers/browser.js';
import { bulletin, buildSite, cleanupSites, makeSite } from '../helpers/site.js';

const OUTSIDE = 'https://water.example.org/';

/** A one-bulletin site that links out, with or without the leave-site question. */
async function serveSite(notice: boolean): Promise<Served> {
  const root = makeSite({
    'bulletin.config.yaml': `title: 测试市信息发布\nexternalLinkNotice: ${notice}\nsite:\n  name: 测试市人民政府\n`,
    'content/2025/2025-03-02-guide.md': bulletin({ title: '节水型单位创建政策解读', date: '2025-03-02 10:00' }, `详见[测试市水务局](${OUTSIDE})。`),
  });
  const result = await buildSite(root);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return serveFolder(`${root}/dist`);
}

describeBrowser('leaving the site in Chromium (跳转提示)', () => {
  let browser: Browser;
  let withNotice: Served;
  let withoutNotice: Served;

  beforeAll(async () => {
    [withNotice, withoutNotice] = await Promise.all([serveSite(true), serveSite(false)]);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await withNotice?.close();
    await withoutNotice?.close();
    cleanupSites();
  });

  /**
   * Opens the bulletin, clicks the outside link and answers any question; returns the questions and
   * where the page ended up once it reached `expected` (a refused question stops the click
   * synchronously, so staying put needs no waiting).
   */
  async function clickOut(server: Served, accept: boolean, expected: string) {
    const context = await browser.newContext();
    // Nothing leaves the machine: the outside site is answered locally.
    await context.route(`${OUTSIDE}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>outside</title>' }));
    const page = await context.newPage();
    const questions: string[] = [];
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    });
    await page.goto(`${server.url}2025/03/guide/`);
    await page.getByRole('link', { name: /测试市水务局/ }).click();
    await page.waitForURL(expected);
    const url = page.url();
    await context.close();
    return { questions, url };
  }

  it('asks before leaving, and stays when the reader says no', async () => {
    const { questions, url } = await clickOut(withNotice, false, `${withNotice.url}2025/03/guide/`);
    expect(questions).toEqual(['您访问的链接即将离开“测试市人民政府”，是否继续？']);
    expect(url).toBe(`${withNotice.url}2025/03/guide/`);
  }, 30_000);

  it('leaves when the reader says yes', async () => {
    const { questions, url } = await clickOut(withNotice, true, OUTSIDE);
    expect(questions).toHaveLength(1);
    expect(url).toBe(OUTSIDE);
  }, 30_000);

  it('follows the link without a question when the notice is off', async () => {
    const { questions, url } = await clickOut(withoutNotice, true, OUTSIDE);
    expect(questions).toEqual([]);
    expect(url).toBe(OUTSIDE);
  }, 30_000);
});
