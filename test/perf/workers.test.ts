import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { bulletin, cleanupSites, makeSite, readHtml, snapshot, writeFiles } from '../helpers/site.js';

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
  });
});

// A cold build renders each bulletin on the threads as soon as it is loaded, before the site's link
// tables exist (render-pool.ts, MarkdownAhead); renderings whose links the full tables answer
// differently must be made again. These bulletins ask every kind of question such a rendering can.
describe('Markdown rendered while the content loads', { timeout: 300_000 }, () => {
  const linking = {
    'content/2025/2025-06-01-linker.md': bulletin(
      { title: '链接测试', date: '2025-06-01 09:00', slug: 'linker' },
      '见[上一篇](2025-05-01-target.md)与[附件](files/form.pdf)，以及[最新](../2025/2025-05-01-target.md#part)。',
    ),
    'content/2025/2025-05-01-target.md': bulletin({ title: '被链接的稿件', date: '2025-05-01 09:00', slug: 'target' }, '正文。'),
    'content/2025/files/form.pdf': '%PDF-1.4\n%%EOF\n',
  };

  it('gives the bytes of a build on one thread, links to other bulletins and attachments included', async () => {
    const root = corpusSite(300);
    writeFiles(root, linking);
    const outputs = [];
    for (const workers of ['0', '2']) {
      const run = await runCli(['build', '--no-cache', '--now', '2026-11-27T12:00+08:00', '--out', `out-${workers}`], root, { BULLETIN_WORKERS: workers });
      expect(run.code).toBe(0);
      outputs.push(snapshot(path.join(root, `out-${workers}`)));
    }
    expect(outputs[1]).toEqual(outputs[0]);
    const hrefs = [...readHtml(root, '2025/06/linker/index.html', 'out-2').querySelectorAll('main a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(expect.arrayContaining(['../../05/target/', '../../05/target/#part']));
    expect(hrefs.some((h) => h?.endsWith('form.pdf'))).toBe(true);
  });

  it('reports a link to a draft as a draft, the same with threads as without', async () => {
    const root = corpusSite(300);
    writeFiles(root, { ...linking, 'content/2025/2025-05-01-target.md': bulletin({ title: '草稿', date: '2025-05-01 09:00', slug: 'target', draft: true }, '正文。') });
    const runs = [];
    for (const workers of ['0', '2']) runs.push(await runCli(['build', '--no-cache', '--quiet', '--now', '2026-11-27T12:00+08:00'], root, { BULLETIN_WORKERS: workers }));
    expect(runs.map((r) => r.code)).toEqual([1, 1]);
    expect(runs[0]!.stderr).toMatch(/draft/);
    expect(runs[1]!.stderr).toBe(runs[0]!.stderr);
  });
});
