import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { bulletin, buildSite, cleanupSites, copyFixture, makeSite, snapshot, writeFiles } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);
afterEach(() => vi.restoreAllMocks());

/**
 * The site's files, byte for byte. The writer's manifest is left out: it records file modification
 * times so that the next build can keep unchanged files, and those differ between any two builds.
 */
function siteBytes(dir: string): Record<string, string> {
  const all = snapshot(dir);
  delete all['.bulletin/manifest.json'];
  return all;
}

describe('the same content gives the same bytes', () => {
  it('whatever the time zone, locale and number of render threads of the machine that builds it', async () => {
    const root = copyFixture('sites/basic');
    // Enough bulletins for several batches of Markdown work, so BULLETIN_WORKERS=3 really splits it.
    const extra: Record<string, string> = {};
    for (let n = 1; n <= 50; n++) {
      const day = `2023-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`;
      const link = n > 1 ? `见[上一篇](${n - 1}.md)。` : '';
      extra[`content/bulk/${n}.md`] = bulletin({ title: `批量稿件${n}`, date: `${day} 09:${String(n % 60).padStart(2, '0')}`, slug: `bulk-${n}`, tags: `[批量, 第${n % 5}组]` }, `正文${n}，关于第${n % 7}项工作。${link}`);
    }
    writeFiles(root, extra);
    // A copy for the second build, so the two processes share no build cache.
    const copy = makeSite({});
    fs.cpSync(root, copy, { recursive: true });
    const args = ['build', '--now', '2026-01-01T09:00+08:00', '--quiet'];
    const [utc, la] = await Promise.all([
      runCli(args, root, { TZ: 'UTC', LANG: 'C', LC_ALL: 'C', BULLETIN_WORKERS: '0' }),
      runCli(args, copy, { TZ: 'America/Los_Angeles', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', BULLETIN_WORKERS: '3' }),
    ]);
    // --quiet prints nothing when there is nothing wrong.
    expect(utc).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(la).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const a = siteBytes(path.join(root, 'dist'));
    expect(Object.keys(a).length).toBeGreaterThan(90);
    expect(siteBytes(path.join(copy, 'dist'))).toEqual(a);
    // The time zone shows up nowhere: the bulletin dated 17:08 in Shanghai says 17:08.
    const page = Buffer.from(a['2020/05/flood-warning/index.html']!, 'base64').toString('utf8');
    expect(page).toContain('datetime="2020-05-14T17:08:17+08:00"');
  }, 90_000);

  it('whatever order the file system lists the files in', async () => {
    // Ties that only a deliberate tie-break orders: two bulletins released at the same minute, with
    // the same tag and agency, in folders and names that sort differently from their slugs.
    const ties = {
      'content/b/2025-05-05-zeta.md': bulletin({ title: '同时发布之一', date: '2025-05-05 10:00', tags: '[同时]', agency: '测试市审计局' }),
      'content/a/2025-05-05-alpha.md': bulletin({ title: '同时发布之二', date: '2025-05-05 10:00', tags: '[同时]', agency: '测试市审计局' }),
      'content/a/2025-05-05-mid.md': bulletin({ title: '同时发布之三', date: '2025-05-05 10:00', tags: '[同时]', agency: '测试市统计局' }),
    };
    const first = copyFixture('sites/basic');
    writeFiles(first, ties);
    expect((await buildSite(first)).ok).toBe(true);

    // Directory listings come back reversed for the second build, as another file system might.
    const readdir = fs.readdirSync;
    const spy = vi.spyOn(fs, 'readdirSync').mockImplementation(((dir: fs.PathLike, options?: unknown) =>
      (readdir(dir, options as never) as unknown[]).slice().reverse()) as typeof fs.readdirSync);
    const second = copyFixture('sites/basic');
    writeFiles(second, ties);
    expect((await buildSite(second)).ok).toBe(true);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();

    expect(siteBytes(path.join(second, 'dist'))).toEqual(siteBytes(path.join(first, 'dist')));
  });

  it('when built twice in a row, and the second build rewrites nothing', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const before = snapshot(path.join(root, 'dist'));
    const again = await buildSite(root);
    expect(again.write).toMatchObject({ written: 0, removed: 0 });
    expect(snapshot(path.join(root, 'dist'))).toEqual(before);
  });
});
