import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, bulletin, cleanupSites, copyFixture, listFiles, makeSite, readHtml, writeFiles } from '../../helpers/site.js';

// test/fixtures/related: three published releases on air pollution, the same story as a draft,
// a scheduled (2026-06-01, after the fixed "now"), an expired and a withdrawn release, and an
// unrelated reservoir open day that air-quality-report pins.
const PAGE = {
  plan: '2025/03/air-plan/index.html',
  explained: '2025/03/air-plan-explained/index.html',
  report: '2025/06/air-quality-report/index.html',
  withdrawn: '2025/05/air-withdrawn/index.html',
  reservoir: '2025/07/reservoir-open-day/index.html',
};
const HIDDEN = ['air-draft', 'air-scheduled', 'air-expired', 'air-withdrawn'];

afterAll(cleanupSites);

/** The 相关稿件 block of a page: heading, and each entry's title, link and date. */
function relatedBlock(root: string, page: string, out = 'dist') {
  const section = readHtml(root, page, out).querySelector('section.related');
  if (!section) return undefined;
  return {
    heading: section.querySelector('h2')!.textContent,
    items: [...section.querySelectorAll('li')].map((li) => ({
      title: li.querySelector('a')!.textContent,
      href: li.querySelector('a')!.getAttribute('href')!,
      date: li.querySelector('time')!.textContent,
      datetime: li.querySelector('time')!.getAttribute('datetime'),
    })),
  };
}

/** Where a link on `page` leads, as a path under dist/. */
const target = (page: string, href: string) => path.posix.join(path.posix.dirname(page), href);

describe('the related articles block (相关稿件) on article pages', () => {
  let root: string;
  beforeAll(async () => {
    root = copyFixture('related');
    const result = await buildSite(root);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('lists the related releases with title and date, linked relatively', () => {
    expect(relatedBlock(root, PAGE.plan)).toEqual({
      heading: '相关稿件',
      items: [
        { title: '图解：大气污染防治行动方案', href: '../../../2025/03/air-plan-explained/', date: '2025-03-05', datetime: '2025-03-05T10:00:00+08:00' },
        { title: '上半年空气质量持续改善', href: '../../../2025/06/air-quality-report/', date: '2025-06-01', datetime: '2025-06-01T15:00:00+08:00' },
      ],
    });
    for (const item of relatedBlock(root, PAGE.plan)!.items) expect(fs.existsSync(path.join(root, 'dist', target(PAGE.plan, item.href), 'index.html'))).toBe(true);
  });

  it('puts a pinned release first, even one on another subject', () => {
    expect(relatedBlock(root, PAGE.report)!.items.map((i) => i.title)).toEqual(['青山水库开放日报名开始', '明川市印发大气污染防治行动方案', '图解：大气污染防治行动方案']);
  });

  it('is left out when nothing is related', () => {
    expect(relatedBlock(root, PAGE.reservoir)).toBeUndefined();
    expect(readHtml(root, PAGE.reservoir).querySelector('article')).not.toBeNull();
  });

  it('never lists draft, scheduled, expired or withdrawn releases, on pages or in related.json', () => {
    const related: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(root, 'dist/related.json'), 'utf8'));
    expect(related).toEqual({
      '2025/07/reservoir-open-day/': [],
      '2025/06/air-quality-report/': ['2025/07/reservoir-open-day/', '2025/03/air-plan/', '2025/03/air-plan-explained/'],
      // A withdrawn release keeps its page and its own list, but is in no one else's.
      '2025/05/air-withdrawn/': ['2025/03/air-plan-explained/', '2025/03/air-plan/', '2025/06/air-quality-report/'],
      '2025/03/air-plan-explained/': ['2025/03/air-plan/', '2025/06/air-quality-report/'],
      '2025/03/air-plan/': ['2025/03/air-plan-explained/', '2025/06/air-quality-report/'],
    });
    const pages = listFiles(path.join(root, 'dist')).filter((f) => /^\d{4}\/.*index\.html$/.test(f));
    for (const page of pages) {
      for (const item of relatedBlock(root, page)?.items ?? []) expect(HIDDEN.some((slug) => item.href.includes(slug))).toBe(false);
    }
  });

  it('keeps drafts and scheduled releases out of other lists in a preview build that shows them', async () => {
    const preview = copyFixture('related');
    const result = await buildSite(preview, { flags: { drafts: true, future: true } });
    expect(result.ok).toBe(true);
    const related: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(preview, 'dist/related.json'), 'utf8'));
    // The draft and the scheduled release have pages and lists of their own…
    expect(related['2025/04/air-draft/']!.length).toBeGreaterThan(0);
    expect(related['2026/06/air-scheduled/']!.length).toBeGreaterThan(0);
    // …but appear in nobody's.
    for (const list of Object.values(related)) for (const slug of HIDDEN) expect(list.filter((url) => url.includes(slug))).toEqual([]);
  });

  it('reports a pinned entry that names no bulletin with its file and line, and skips a pinned draft with a warning', async () => {
    const site = copyFixture('related');
    writeFiles(site, {
      'content/2025-08-01-pins.md': ['---', 'title: 八月工作安排', 'date: 2025-08-01 09:00', 'related:', '  - air-plan', '  - air-draft', '  - no-such-release', '---', '', '正文。', ''].join('\n'),
    });
    const result = await buildSite(site);
    expect(result.ok).toBe(false);
    const about = result.diagnostics.filter((d) => d.file === 'content/2025-08-01-pins.md').map((d) => [d.severity, d.line, d.message]);
    expect(about).toEqual([
      ['warning', 6, '"air-draft" is a draft and is left out.'],
      ['error', 7, '"no-such-release" names no bulletin.'],
    ]);
  });
});

describe('related.json', () => {
  it('keeps apart releases that share a slug in different months, each with its own list', async () => {
    const body = '全市防汛工作会议部署汛期防汛准备、水库巡查和应急值守工作。';
    const site = makeSite({
      'content/2025/2025-05-10-flood-notice.md': bulletin({ title: '五月防汛工作通知', date: '2025-05-10 09:00', tags: ['防汛'] }, body),
      'content/2025/2025-06-10-flood-notice.md': bulletin({ title: '六月防汛工作通知', date: '2025-06-10 09:00', tags: ['防汛'] }, body),
      'content/2025/2025-06-20-reservoir.md': bulletin({ title: '水库汛期巡查安排', date: '2025-06-20 09:00', tags: ['防汛'] }, body),
    });
    expect((await buildSite(site)).ok).toBe(true);
    const related: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(site, 'dist/related.json'), 'utf8'));
    expect(Object.keys(related).sort()).toEqual(['2025/05/flood-notice/', '2025/06/flood-notice/', '2025/06/reservoir/']);
    expect(related['2025/05/flood-notice/']).toContain('2025/06/flood-notice/');
    expect(related['2025/06/flood-notice/']).toContain('2025/05/flood-notice/');
    // Every entry names a page that exists.
    for (const list of Object.values(related)) for (const url of list) expect(fs.existsSync(path.join(site, 'dist', url, 'index.html'))).toBe(true);
  });
});
