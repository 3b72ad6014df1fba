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
    const root = corpusSite(260);
    const outputs = [];
    for (const workers of ['0', '1', '2']) {
      const run = await runCli(['build', '--no-cache', '--quiet', '--now', '2026-11-27T12:00+08:00', '--out', `out-${workers}`], root, { BULLETIN_WORKERS: workers });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      outputs.push(snapshot(path.join(root, `out-${workers}`)));
    }
    expect(Object.keys(outputs[0]!).length).toBeGreaterThan(260);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });
});
