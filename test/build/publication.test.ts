import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { findBrokenLinks } from '../helpers/links.js';
import { buildSite, cleanupSites, copyFixture, listFiles, readHtml } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

// In the basic fixture, content/2025/2025-09-01-draft-notice.md is a draft and
// content/2026/2026-03-01-spring-plan.md is dated 2026-03-01 10:00 (Shanghai), after FIXED_NOW.
const DRAFT = '2025/09/draft-notice/index.html';
const SCHEDULED = '2026/03/spring-plan/index.html';
const SPRING_AGENCY = 'agencies/ce-shi-shi-sheng-tai-huan-jing-ju/index.html';

const distFiles = (root: string, out = 'dist') => listFiles(path.join(root, out));
const homeTitles = (root: string, out = 'dist') => [...readHtml(root, 'index.html', out).querySelectorAll('main .item-list a')].map((a) => a.textContent);
const schedule = (root: string, out = 'dist') => JSON.parse(fs.readFileSync(path.join(root, out, '.bulletin/schedule.json'), 'utf8'));
const feedText = (root: string) => fs.readFileSync(path.join(root, 'dist/feed.xml'), 'utf8') + fs.readFileSync(path.join(root, 'dist/sitemap.xml'), 'utf8');

describe('drafts and scheduled (embargoed) bulletins', () => {
  it('are left out of every page, list, feed and the sitemap by default', async () => {
    const root = copyFixture('sites/basic');
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    const files = distFiles(root);
    expect(files).not.toContain(DRAFT);
    expect(files).not.toContain(SCHEDULED);
    expect(files).not.toContain(SPRING_AGENCY);
    expect(files.some((f) => f.startsWith('2026/'))).toBe(false);
    expect(homeTitles(root)).not.toContain('尚未定稿的通知');
    expect(feedText(root)).not.toMatch(/draft-notice|spring-plan/);
    const related = fs.readFileSync(path.join(root, 'dist/related.json'), 'utf8');
    expect(related).not.toMatch(/draft-notice|spring-plan/);
  });

  it('names the next release in dist/.bulletin/schedule.json so a deploy job knows when to rebuild', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    expect(schedule(root)).toEqual({
      nextRelease: { epochMs: Date.parse('2026-03-01T10:00:00+08:00'), iso: '2026-03-01T10:00:00+08:00', file: 'content/2026/2026-03-01-spring-plan.md' },
      nextExpiry: null,
    });
  });

  it('takes an expired bulletin down, and names the next expiry so a deploy job rebuilds in time', async () => {
    const root = copyFixture('sites/basic');
    const openDay = path.join(root, 'content/2025/2025-08-15-open-day.md');
    fs.writeFileSync(openDay, fs.readFileSync(openDay, 'utf8').replace('tags:', 'expires: 2026-02-01 00:00\ntags:'));
    await buildSite(root);
    expect(distFiles(root)).toContain('2025/08/open-day/index.html');
    expect(schedule(root).nextExpiry).toEqual({ epochMs: Date.parse('2026-02-01T00:00:00+08:00'), iso: '2026-02-01T00:00:00+08:00', file: 'content/2025/2025-08-15-open-day.md' });

    await buildSite(root, { now: Date.parse('2026-02-01T00:00:00+08:00') });
    expect(distFiles(root)).not.toContain('2025/08/open-day/index.html');
    expect(feedText(root)).not.toContain('open-day');
    expect(schedule(root).nextExpiry).toBeNull();
  });

  it('publishes a scheduled bulletin once "now" passes its date, and then has no next release', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root, { now: Date.parse('2026-03-01T10:00:00+08:00') });
    expect(distFiles(root)).toContain(SCHEDULED);
    expect(distFiles(root)).toContain(SPRING_AGENCY);
    expect(homeTitles(root)[0]).toBe('测试市2026年春季植树计划');
    expect(schedule(root)).toEqual({ nextRelease: null, nextExpiry: null });
    // One minute earlier it is still embargoed.
    await buildSite(root, { now: Date.parse('2026-03-01T09:59:00+08:00') });
    expect(distFiles(root)).not.toContain(SCHEDULED);
  });

  it('are included with --drafts and --future, --now moves the embargo line, and the build names the next release (CLI)', async () => {
    const root = copyFixture('sites/basic');
    const now = ['--now', '2026-01-01T09:00+08:00'];
    const [drafts, future, later] = await Promise.all([
      runCli(['build', '--drafts', ...now, '--out', 'with-drafts'], root),
      runCli(['build', '--future', ...now, '--out', 'with-future'], root),
      runCli(['build', '--now', '2026-03-02', '--out', 'later'], root),
    ]);
    expect(drafts.code).toBe(0);
    expect(distFiles(root, 'with-drafts')).toContain(DRAFT);
    expect(distFiles(root, 'with-drafts')).not.toContain(SCHEDULED);
    expect(homeTitles(root, 'with-drafts')[0]).toBe('尚未定稿的通知');
    expect(drafts.stdout).toContain('Next scheduled release: 2026-03-01T10:00:00+08:00 (content/2026/2026-03-01-spring-plan.md); rebuild then to publish it.');

    expect(future.code).toBe(0);
    expect(distFiles(root, 'with-future')).toEqual(expect.arrayContaining([SCHEDULED, SPRING_AGENCY]));
    expect(distFiles(root, 'with-future')).not.toContain(DRAFT);
    // A scheduled bulletin shown early is kept out of search engines.
    expect(readHtml(root, SCHEDULED, 'with-future').querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');

    expect(later.code).toBe(0);
    expect(distFiles(root, 'later')).toContain(SCHEDULED);
    expect(distFiles(root, 'later')).not.toContain(DRAFT);
    expect(later.stdout).not.toContain('Next scheduled release');
    expect(schedule(root, 'later')).toEqual({ nextRelease: null, nextExpiry: null });
    // Every link of every one of these builds still leads somewhere.
    for (const out of ['with-drafts', 'with-future', 'later']) {
      expect(findBrokenLinks(path.join(root, out), { allowRootRelative: ['404.html'] }), out).toEqual([]);
    }
  }, 60_000);
});
