import { afterAll, describe, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { runCli } from '../helpers/cli.js';
import { bulletin, buildSite, cleanupSites, listFiles, makeSite, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

/** The publication date as the article page shows it: `<time datetime>` and the visible text. */
function shownDate(root: string, page: string) {
  const time = readHtml(root, page).querySelector('dl.meta time')!;
  return [time.getAttribute('datetime'), time.textContent];
}

describe('publication dates, as written in front matter', () => {
  it('renders an unquoted `date: 2020-05-14 17:08:17` as 2020-05-14 17:08 in the site zone, +08:00', async () => {
    // YAML's own timestamp type would read this as UTC and show 2020-05-15 01:08 in Shanghai.
    const root = makeSite({ 'content/flood.md': '---\ntitle: 暴雨预警\ndate: 2020-05-14 17:08:17\n---\n\n正文。\n' });
    expect((await buildSite(root)).diagnostics).toEqual([]);
    expect(shownDate(root, '2020/05/flood/index.html')).toEqual(['2020-05-14T17:08:17+08:00', '2020-05-14 17:08']);
    const listed = readHtml(root, 'index.html').querySelector('.item-list time')!;
    expect([listed.getAttribute('datetime'), listed.textContent]).toEqual(['2020-05-14T17:08:17+08:00', '2020-05-14']);
  });

  it('accepts every unambiguous ISO-like form, quoted or not, and takes a written offset literally', async () => {
    const forms: Record<string, string> = {
      quoted: '"2020-05-14 17:08:17"',
      'single-quoted': "'2020-05-14 17:08'",
      't-separator': '2020-05-14T17:08',
      'with-offset': '2020-05-14T17:08:17+08:00',
      utc: '2020-05-14T09:08:17Z',
      'lower-case-z': '2020-05-14t09:08:17z',
      'compact-offset': '2020-05-14 05:08:17 -0400',
      'no-seconds-offset': '2020-05-14 11:08+02:00',
    };
    const files = Object.fromEntries(Object.entries(forms).map(([slug, date]) => [`content/${slug}.md`, bulletin({ title: slug, date })]));
    const root = makeSite(files);
    expect((await buildSite(root)).diagnostics).toEqual([]);
    for (const slug of Object.keys(forms)) {
      const [datetime, text] = shownDate(root, `2020/05/${slug}/index.html`);
      expect(text, slug).toBe('2020-05-14 17:08');
      expect(datetime, slug).toMatch(/^2020-05-14T17:08:(17|00)\+08:00$/);
    }
  });

  it('shows a date without a time as a day, at midnight in the site zone', async () => {
    const root = makeSite({ 'content/day.md': bulletin({ title: '只有日期', date: '2020-05-14' }) });
    await buildSite(root);
    expect(shownDate(root, '2020/05/day/index.html')).toEqual(['2020-05-14T00:00:00+08:00', '2020-05-14']);
  });

  it('reads a date without an offset in the configured time zone, summer time included', async () => {
    const root = makeSite({
      'bulletin.config.yaml': 'timezone: Europe/London\n',
      'content/summer.md': bulletin({ title: 'summer', date: '2020-05-14 17:08' }),
      'content/winter.md': bulletin({ title: 'winter', date: '2020-12-14 17:08' }),
    });
    expect((await buildSite(root)).diagnostics).toEqual([]);
    expect(shownDate(root, '2020/05/summer/index.html')[0]).toBe('2020-05-14T17:08:00+01:00');
    expect(shownDate(root, '2020/12/winter/index.html')[0]).toBe('2020-12-14T17:08:00+00:00');
  });

  it('files a bulletin under its month in the site zone, not in UTC', async () => {
    // 2020-05-31T20:00Z is 1 June 04:00 in Shanghai: the archive and permalink say June.
    const root = makeSite({ 'content/late.md': bulletin({ title: 'late', date: '2020-05-31T20:00:00Z' }) });
    await buildSite(root);
    expect(listFiles(`${root}/dist`)).toContain('2020/06/late/index.html');
    expect(listFiles(`${root}/dist`)).toContain('2020/06/index.html');
  });

  it('takes the date from a YYYY-MM-DD- file name prefix when front matter has none, and the slug from the rest', async () => {
    const root = makeSite({ 'content/2021/2021-03-09-river-cleanup.md': bulletin({ title: '河道清理' }) });
    expect((await buildSite(root)).diagnostics).toEqual([]);
    expect(shownDate(root, '2021/03/river-cleanup/index.html')).toEqual(['2021-03-09T00:00:00+08:00', '2021-03-09']);
  });

  it('reports dates it cannot read, with the formats it can', async () => {
    const root = makeSite({
      'content/a.md': bulletin({ title: 'a', date: '2020年5月14日' }),
      'content/b.md': bulletin({ title: 'b', date: '2020-02-30' }),
      'content/c.md': bulletin({ title: 'c', date: '14/05/2020' }),
      'content/d.md': bulletin({ title: 'd' }),
      'content/e.md': bulletin({ title: 'e', date: '2020-05-14', updated: 'yesterday' }),
      // A missing title does not hide a wrong date in the same file.
      'content/f.md': bulletin({ date: '2020-05-32' }),
    });
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    const lines = result.diagnostics.map(formatDiagnostic);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(/^content\/a\.md:3:7 date: .*2020-05-14/);
    expect(lines[1]).toMatch(/^content\/b\.md:3:7 date: "2020-02-30" /);
    expect(lines[2]).toMatch(/^content\/c\.md:3:7 date: "14\/05\/2020" /);
    expect(lines[3]).toBe('content/d.md:1 date: is missing. Every bulletin needs a publication date (发布日期). Add a line such as date: 2024-05-14 09:30 to the front matter.');
    expect(lines[4]).toMatch(/^content\/e\.md:4:10 updated: "yesterday" /);
    expect(lines[5]).toBe('content/f.md:1 title: is missing. Every bulletin needs a title (标题). Add a line such as title: 关于举办科技活动周的通知 to the front matter.');
    expect(lines[6]).toMatch(/^content\/f\.md:2:7 date: "2020-05-32" /);
  });
});

describe('bulletin check warns about front matter that is probably a mistake', () => {
  it('when the date and the file name prefix disagree (front matter wins), and for an unknown key with a suggestion', async () => {
    const root = makeSite({
      'content/2020/2020-05-14-notice.md': '---\ntitle: 通知\ndate: 2020-05-15 09:00\nagencey: 测试局\n---\n\n正文。\n',
    });
    const run = await runCli(['check', '--now', '2026-01-01T09:00+08:00'], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        '2 warnings:',
        '  - content/2020/2020-05-14-notice.md:3:7 date: is 2020-05-15 but the file name says 2020-05-14; the front matter wins. Rename the file or correct the date.',
        '  - content/2020/2020-05-14-notice.md:4:10 agencey: is not a known field and is ignored. Did you mean "agency"?',
        '',
      ].join('\n'),
    );
    expect(run.stdout).toContain('Checked 1 bulletins');
    expect(listFiles(root)).toEqual(['content/2020/2020-05-14-notice.md']);

    // The build follows the front matter.
    await buildSite(root);
    expect(listFiles(`${root}/dist`)).toContain('2020/05/notice/index.html');
    expect(shownDate(root, '2020/05/notice/index.html')[1]).toBe('2020-05-15 09:00');
  });
});
