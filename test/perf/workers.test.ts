import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupSites, makeSite, snapshot } from '../helpers/site.js';

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
