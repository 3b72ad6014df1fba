import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { bulletin, cleanupSites, makeSite, readHtml, snapshot, writeFiles } from '../helpers/site.js';
import { findBrokenLinks } from '../helpers/links.js';

afterAll(cleanupSites);

const REPO = path.resolve(import.meta.dirname, '..', '..');

/** A site of `count` generated bulletins (bench/gen-corpus.mjs), enough for several worker batches. */
function corpusSite(count: number): string {
  const root = makeSite({ 'bulletin.config.yaml': 'title: Corpus\nurl: https://example.org/\n' });
  execFileSync(process.execPath, [path.join(REPO, 'bench/gen-corpus.mjs'), '--out', path.join(root, 'content'), '--count', String(count)]);
  fs.rmSync(path.join(root, 'content/topics.json'));
  return root;
}

// Builds of a few hundred bulletins through the compiled CLI: timeouts are generous, nothing is timed.
describe('Markdown on worker threads', { timeout: 300_000 }, () => {
  it('gives the same bytes with 0, 1 and 2 workers, whatever order the batches finish in', async () => {
    // Enough pages for several windows of pages in flight at once (page-cache.ts renders 512 at a time).
    const root = corpusSite(1100);
    // Links in both directions between the first and the last file loaded: with one worker thread,
    // bulletins are rendered as they load, before the bulletin the first one links to is known, so
    // that rendering must be found out of date and made again.
    writeFiles(root, {
      'content/000-first.md': bulletin({ title: '首篇', agency: '云岭市科学技术局', date: '2026-11-20T09:00:00+08:00', slug: 'first' }, '详见[末篇](zzz-last.md)。\n'),
      'content/zzz-last.md': bulletin({ title: '末篇', agency: '云岭市科学技术局', date: '2026-11-21T09:00:00+08:00', slug: 'last' }, '另见[首篇](000-first.md)。\n'),
    });
    const outputs = [];
    for (const workers of ['0', '1', '2']) {
      const run = await runCli(['build', '--no-cache', '--now', '2026-11-27T12:00+08:00', '--out', `out-${workers}`], root, { BULLETIN_WORKERS: workers });
      // Nothing but the plain progress lines of a build that is not on a terminal.
      expect(run.stderr.split('\n').filter((line) => line !== '' && !/^\w+: [\d,]+ done in [\d.]+ s$/.test(line))).toEqual([]);
      expect(run.code).toBe(0);
      outputs.push(snapshot(path.join(root, `out-${workers}`)));
      // Every planned page was written, none lost or doubled between windows.
      const planned = Number(/(\d+) pages/.exec(run.stdout)?.[1]);
      expect(planned).toBeGreaterThan(3 * 512);
      expect(Object.keys(outputs.at(-1)!).filter((f) => f.endsWith('.html')).length).toBe(planned);
    }
    expect(Object.keys(outputs[0]!).length).toBeGreaterThan(1100);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    const first = readHtml(root, '2026/11/first/index.html', 'out-1');
    const link = [...first.querySelectorAll('main a')].find((a) => a.textContent === '末篇');
    expect(link?.getAttribute('href')).toBe('../last/');
    expect(findBrokenLinks(path.join(root, 'out-1'), { allowRootRelative: ['404.html'] })).toEqual([]);
  });
});
