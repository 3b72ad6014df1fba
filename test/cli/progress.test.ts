import { afterAll, describe, expect, it } from 'vitest';
import { createProgress, progressLine } from '../../src/cli/progress.js';
import { formatProfile } from '../../src/cli/profile.js';
import { bulletin, buildSite, cleanupSites, makeSite } from '../helpers/site.js';

afterAll(cleanupSites);

/** A fake clock and sink: progress is about what is printed when, so time is set by hand. */
function setup(isTTY: boolean, env: NodeJS.ProcessEnv = {}) {
  let t = 0;
  const out: string[] = [];
  const progress = createProgress({ write: (s) => out.push(s), isTTY, columns: 60 }, env, () => t);
  return { progress, out, at: (ms: number) => (t = ms) };
}

describe('build progress', () => {
  it('shows nothing for a build of less than two seconds', () => {
    const { progress, out, at } = setup(true);
    progress.update('markdown', 10, 100);
    at(1500);
    progress.update('markdown', 100, 100);
    progress.finish();
    expect(out).toEqual([]);
  });

  it('redraws one bar line on a terminal for a longer build, and clears it at the end', () => {
    const { progress, out, at } = setup(true);
    progress.update('markdown', 0, 4000);
    at(2500);
    progress.update('markdown', 1000, 4000);
    at(2520);
    progress.update('markdown', 1100, 4000); // too soon to redraw
    at(2700);
    progress.update('pages', 300, 5500);
    progress.finish();
    expect(out[0]).toMatch(/^\rmarkdown\s+\[#+-+\]  1,000 \/ 4,000$/);
    expect(out[1]).toMatch(/^\rpages\s+\[#*-+\]  300 \/ 5,500$/);
    expect(out.at(-1)).toMatch(/^\r +\r$/);
    expect(out).toHaveLength(3);
  });

  it('prints plain lines, one per finished stage, in CI or when output is not a terminal', () => {
    for (const { isTTY, env } of [{ isTTY: true, env: { CI: 'true' } }, { isTTY: false, env: {} }]) {
      const { progress, out, at } = setup(isTTY, env);
      progress.update('markdown', 0, 4000);
      at(3000);
      progress.update('markdown', 4000, 4000);
      progress.update('pages', 0, 5500);
      at(4500);
      progress.finish();
      expect(out).toEqual(['markdown: 4,000 done in 3.0 s\n', 'pages: 5,500 done in 1.5 s\n']);
    }
  });

  it('draws whole lines on a terminal that reports no width (0 columns)', () => {
    let t = 0;
    const out: string[] = [];
    const progress = createProgress({ write: (s) => out.push(s), isTTY: true, columns: 0 }, {}, () => t);
    t = 2500;
    progress.update('pages', 1493, 1493);
    progress.finish();
    expect(out[0]).toMatch(/^\rpages\s+\[#+\]  1,493 \/ 1,493$/);
    expect(out.at(-1)).toMatch(/^\r {79}\r$/);
  });

  it('never draws a line wider than the terminal', () => {
    expect(progressLine('markdown', 5, 10, 30).length).toBeLessThan(30);
    expect(progressLine('markdown', 5, 10, 200)).toContain('5 / 10');
  });
});

describe('what a build reports', () => {
  it('counts the bulletins of the load stage as they are read, up to all of them', async () => {
    const files: Record<string, string> = { 'bulletin.config.yaml': 'title: 测试\nurl: https://example.gov.cn/\n' };
    for (let i = 0; i < 600; i++) files[`content/2025/05/b${i}.md`] = bulletin({ title: `通知${i}`, date: '2025-05-01 09:00', agency: '科技局' });
    const seen: [number, number][] = [];
    const result = await buildSite(makeSite(files), { write: false, onProgress: (stage, done, total) => stage === 'load' && seen.push([done, total]) });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([[0, 0], [0, 600], [256, 600], [512, 600], [600, 600]]);
  });
});

describe('--profile', () => {
  it('lists each stage with its share, memory and cache reuse, then the peak memory', () => {
    const lines = formatProfile(
      [
        { stage: 'load', ms: 250, heapMB: 40, rssMB: 90, reused: 3990, total: 4000 },
        { stage: 'write', ms: 750, heapMB: 60, rssMB: 120 },
      ],
      321,
    );
    expect(lines[1]).toMatch(/^load\s+250\s+25%\s+40\s+90\s+3990 of 4000$/);
    expect(lines[2]).toMatch(/^write\s+750\s+75%\s+60\s+120$/);
    expect(lines.at(-1)).toMatch(/^total\s+1000\s+100%\s+peak rss 321 MB$/);
  });

  it('counts a stage run inside another once: in that stage, not again in the total', () => {
    const lines = formatProfile(
      [
        { stage: 'pages', ms: 800, heapMB: 60, rssMB: 120 },
        { stage: 'search', ms: 100, heapMB: 60, rssMB: 120, reused: 0, total: 40, within: 'pages' },
        { stage: 'write', ms: 200, heapMB: 60, rssMB: 120 },
      ],
      321,
    );
    expect(lines[2]).toMatch(/^search\s+100\s+10%\s+60\s+120\s+0 of 40\s+\(during pages, part of its time\)$/);
    expect(lines.at(-1)).toMatch(/^total\s+1000\s+100%/);
  });

  it('ends with the number of cache files ignored as damaged or stale, only when there were any', () => {
    const timings = [{ stage: 'load', ms: 250, heapMB: 40, rssMB: 90 }];
    expect(formatProfile(timings, 100, 0).at(-1)).toMatch(/^total/);
    expect(formatProfile(timings, 100, 1).at(-1)).toBe('cache: 1 file was damaged or from another version of bulletin; ignored and written again');
    expect(formatProfile(timings, 100, 7).at(-1)).toBe('cache: 7 files were damaged or from another version of bulletin; ignored and written again');
  });
});
