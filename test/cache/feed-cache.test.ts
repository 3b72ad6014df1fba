import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { buildSite, bulletin, cleanupSites, makeSite, snapshot } from '../helpers/site.js';
import * as feeds from '../../src/templating/render-feeds.js';

// Counts the feeds made (not kept from the last build), as the build calls them.
vi.mock('../../src/templating/render-feeds.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/templating/render-feeds.js')>();
  return { ...original, renderFeed: vi.fn(original.renderFeed) };
});

afterAll(cleanupSites);

describe('feeds in the build cache', { timeout: 60_000 }, () => {
  it('makes again only the feeds that show an edited bulletin: the site feed and its agency feed', async () => {
    const files: Record<string, string> = { 'bulletin.config.yaml': 'title: 测试站\nurl: https://www.example.gov.cn/\n' };
    const agencies = ['明川市教育局', '明川市交通运输局', '明川市生态环境局'];
    for (let i = 0; i < 12; i++) {
      const day = String(1 + i).padStart(2, '0');
      files[`content/2025-05-${day}-n${i}.md`] = bulletin({ title: `第${i}号通知`, date: `2025-05-${day} 09:00`, agency: agencies[i % 3] }, `第${i}号通知的正文。`);
    }
    const root = makeSite(files);
    const made = vi.mocked(feeds.renderFeed);
    expect((await buildSite(root)).ok).toBe(true);
    // The site's feed and one per agency.
    expect(made).toHaveBeenCalledTimes(4);

    made.mockClear();
    fs.appendFileSync(path.join(root, 'content/2025-05-12-n11.md'), '\n补充说明：时间调整。\n');
    expect((await buildSite(root)).ok).toBe(true);
    const remade = made.mock.calls.map(([, , , feed]) => feed.rss).sort();
    expect(remade).toEqual(['/agencies/ming-chuan-shi-sheng-tai-huan-jing-ju/feed.xml', '/feed.xml'].sort());
    // And the bytes are a cold build's.
    const kept = snapshot(path.join(root, 'dist'));
    expect((await buildSite(root, { cache: false, outDir: 'cold' })).ok).toBe(true);
    expect(kept).toEqual(snapshot(path.join(root, 'cold')));
  });
});
