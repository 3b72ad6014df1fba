import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';
import { createDevBuilder } from '../../src/watch/dev-build.js';
import { SharedRendering } from '../../src/cache/page-cache.js';
import { bulletin, cleanupSites, FIXED_NOW, makeSite } from '../helpers/site.js';

afterAll(cleanupSites);

const SITE = {
  'bulletin.config.yaml': 'title: 测试站\nurl: https://www.example.gov.cn/\npageSize: 2\n',
  'content/2025/2025-03-01-alpha.md': bulletin({ title: '甲公告', date: '2025-03-01 09:00', tags: ['环境'] }, '甲的正文。'),
  'content/2025/2025-04-01-beta.md': bulletin({ title: '乙公告', date: '2025-04-01 09:00', tags: ['交通'] }, '乙的正文。'),
  'content/2025/2025-05-01-gamma.md': bulletin({ title: '丙公告', date: '2025-05-01 09:00' }, '丙的正文。'),
};
const ARTICLES = ['2025/03/alpha/index.html', '2025/04/beta/index.html', '2025/05/gamma/index.html'];

describe('re-rendering after a template change', () => {
  it('renders again only the pages of the kind whose template changed, and every page after a change to a partial', async () => {
    const root = makeSite(SITE);
    fs.cpSync(builtinTemplatesDir, path.join(root, 'templates'), { recursive: true });
    const builder = createDevBuilder({ root, now: FIXED_NOW });
    const first = await builder.rebuild();
    const pages = first.result!.pages;
    const pageStage = (o: typeof first) => o.timings!.find((t) => t.stage === 'pages')!;

    const edit = (rel: string, change: (text: string) => string) => fs.writeFileSync(path.join(root, rel), change(fs.readFileSync(path.join(root, rel), 'utf8')));
    edit('templates/article.liquid', (t) => t.replace('<article class="bulletin"', '<article data-edition="2" class="bulletin"'));
    const articles = await builder.rebuild([path.join(root, 'templates/article.liquid')]);
    expect([...articles.write!.changed!].sort()).toEqual(ARTICLES);
    expect(pageStage(articles).reused).toBe(pages - ARTICLES.length);

    edit('templates/partials/footer.liquid', (t) => t.replace('<footer class="site-footer">', '<footer class="site-footer"><p>第二版</p>'));
    const all = await builder.rebuild([path.join(root, 'templates/partials/footer.liquid')]);
    expect(pageStage(all).reused).toBe(0);
    expect(all.write!.changed!.filter((p) => p.endsWith('.html'))).toHaveLength(pages);
  });
});

describe('the share of pages this thread renders beside one worker thread', () => {
  it('grows while this thread waits for the worker, shrinks while the worker is ahead, and stays within bounds', () => {
    const share = new SharedRendering();
    const start = share.here(100);
    expect(start).toBeGreaterThan(0);
    share.adjust(50); // waited 50 ms for the worker's part: take more
    expect(share.here(100)).toBeGreaterThan(start);
    for (let i = 0; i < 100; i++) share.adjust(50);
    expect(share.here(100)).toBe(60); // never most of a window: this thread also writes
    for (let i = 0; i < 100; i++) share.adjust(0); // the worker's part was always ready: take less
    expect(share.here(100)).toBe(0);
    share.adjust(0.5); // reading a message that is already there is not waiting
    expect(share.here(100)).toBe(0);
  });
});

describe('re-rendering after a bulletin is added', () => {
  it('keeps the pages that do not show it, even when it moves a tag up the tag list', async () => {
    const files: Record<string, string> = { 'bulletin.config.yaml': 'title: 测试站\nurl: https://www.example.gov.cn/\npageSize: 50\n' };
    // Two tags on ten bulletins each: one more 交通 bulletin puts 交通 ahead of 环境 on the tag list.
    for (let i = 0; i < 20; i++) {
      const day = String(1 + i).padStart(2, '0');
      files[`content/2025-03-${day}-b${i}.md`] = bulletin({ title: `第${i}号公告`, date: `2025-03-${day} 09:00`, tags: [i % 2 ? '交通' : '环境'] }, `第${i}号公告的正文。`);
    }
    const root = makeSite(files);
    const builder = createDevBuilder({ root, now: FIXED_NOW });
    const first = await builder.rebuild();
    const pages = first.result!.pages;
    const added = path.join(root, 'content/2025-03-25-new.md');
    fs.writeFileSync(added, bulletin({ title: '新公告', date: '2025-03-25 09:00', tags: ['交通'] }, '新公告的正文。'));
    const again = await builder.rebuild([added]);
    const reused = again.timings!.find((t) => t.stage === 'pages')!.reused!;
    // The new page and what lists it (its neighbour, the index, March, 2025, its tag and agency, the
    // tag list, archives, agencies and sitemap) are made; the other articles are kept.
    expect(again.result!.pages).toBe(pages + 1);
    expect(reused).toBeGreaterThanOrEqual(18);
    expect([...again.write!.changed!].some((p) => p.startsWith('tags/'))).toBe(true);
  });
});
