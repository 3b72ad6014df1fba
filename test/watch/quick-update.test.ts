import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build.js';
import { createDevBuilder, devBuildOptions, type DevBuilder } from '../../src/watch/dev-build.js';
import { bulletin, cleanupSites, FIXED_NOW, makeSite, snapshot } from '../helpers/site.js';

// Related lists here follow tags, agency and date only, so a save of a body or title cannot move
// them: every page a full rebuild changes is then one the quick update must have written.
const CONFIG = 'title: 测试站\nurl: https://www.example.gov.cn/\npageSize: 2\nrelated:\n  count: 3\n  weights:\n    text: 0\n';
const SITE = {
  'bulletin.config.yaml': CONFIG,
  'content/2025/2025-03-01-alpha.md': bulletin({ title: '甲公告', date: '2025-03-01 09:00', agency: '测试市环境局', tags: ['环境'] }, '甲的正文。'),
  'content/2025/2025-04-01-beta.md': bulletin({ title: '乙公告', date: '2025-04-01 09:00', agency: '测试市环境局', tags: ['环境', '交通'], summary: '乙的摘要。' }, '乙的正文。'),
  'content/2025/2025-04-15-gamma.md': bulletin({ title: '丙公告', date: '2025-04-15 09:00', agency: '测试市交通局', tags: ['交通'] }, '丙的正文。'),
  'content/2025/2025-05-01-delta.md': bulletin({ title: '丁公告', date: '2025-05-01 09:00', agency: '测试市交通局', tags: ['交通'], summary: '丁的摘要。' }, '丁的正文。'),
  'content/2025/2025-06-01-epsilon.md': bulletin({ title: '戊草稿', date: '2025-06-01 09:00', draft: true }, '戊的正文。'),
  'content/2025/2025-07-01-zeta.md': bulletin({ title: '己公告', date: '2025-07-01 09:00', tags: ['环境'] }, '己的正文。'),
  'content/2026/2026-02-01-eta.md': bulletin({ title: '庚定时', date: '2026-02-01 09:00', summary: '庚的摘要。' }, '庚的正文。'),
};
const BETA = 'content/2025/2025-04-01-beta.md';
const betaWith = (title: string, body: string, extra: Record<string, unknown> = {}) =>
  bulletin({ title, date: '2025-04-01 09:00', agency: '测试市环境局', tags: ['环境', '交通'], summary: '乙的摘要。', ...extra }, body);

afterAll(cleanupSites);

/** A site built once by a development builder, as a watch session starts. */
async function session(now: number | string = FIXED_NOW): Promise<{ root: string; outDir: string; builder: DevBuilder }> {
  const root = makeSite(SITE);
  const builder = createDevBuilder({ root, now });
  expect((await builder.rebuild()).ok).toBe(true);
  return { root, outDir: devBuildOptions({ root, now }).outDir!, builder };
}

/** What a fresh full development build of the site's files writes, from a copy with no output or cache. */
async function freshBuild(root: string): Promise<Record<string, string>> {
  const copy = makeSite({});
  for (const entry of ['content', 'bulletin.config.yaml']) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
  const options = devBuildOptions({ root: copy, now: FIXED_NOW });
  expect((await build(options)).ok).toBe(true);
  return snapshot(options.outDir!);
}

describe('quick updates in watch mode', () => {
  it('rewrite only the saved bulletin\'s page after a body save, byte for byte as a full build writes it', async () => {
    const { root, outDir, builder } = await session();
    fs.writeFileSync(path.join(root, BETA), betaWith('乙公告', '乙的新正文，第二稿。'));
    const quick = await builder.quick([path.join(root, BETA)]);
    expect(quick?.write.changed).toEqual(['2025/04/beta/index.html']);
    const fresh = await freshBuild(root);
    expect(snapshot(outDir)['2025/04/beta/index.html']).toBe(fresh['2025/04/beta/index.html']);
  });

  it('rewrite every page that shows a saved title — neighbours, lists, agency and tag pages — as a full build writes them', async () => {
    const { root, outDir, builder } = await session();
    const before = snapshot(outDir);
    fs.writeFileSync(path.join(root, BETA), betaWith('乙公告（修订）', '乙的正文。'));
    const quick = await builder.quick([path.join(root, BETA)]);
    const fresh = await freshBuild(root);
    const changedPages = Object.keys(fresh).filter((p) => p.endsWith('.html') && fresh[p] !== before[p]);
    // The list pages and neighbours really are among them (this is not a one-page change).
    expect(changedPages).toEqual(expect.arrayContaining(['2025/04/beta/index.html', '2025/03/alpha/index.html', '2025/04/index.html', 'tags/jiao-tong/page/2/index.html', 'agencies/ce-shi-shi-huan-jing-ju/index.html']));
    expect([...(quick?.write.changed ?? [])].sort()).toEqual(changedPages.sort());
    const now = snapshot(outDir);
    for (const p of changedPages) expect(now[p], p).toBe(fresh[p]);
  });

  it('leave everything to the full rebuild when a save moves a bulletin, adds or removes one, is broken, or is not a bulletin', async () => {
    const { root, outDir, builder } = await session();
    const before = snapshot(outDir);
    const cases: [string, () => string][] = [
      ['a new date', () => (fs.writeFileSync(path.join(root, BETA), betaWith('乙公告', '乙的正文。', { date: '2025-04-02 09:00' })), BETA)],
      ['other tags', () => (fs.writeFileSync(path.join(root, BETA), bulletin({ title: '乙公告', date: '2025-04-01 09:00', agency: '测试市环境局', tags: ['环境'] }, '乙的正文。')), BETA)],
      ['a draft flag', () => (fs.writeFileSync(path.join(root, BETA), betaWith('乙公告', '乙的正文。', { draft: true })), BETA)],
      ['a broken front matter', () => (fs.writeFileSync(path.join(root, BETA), '---\ntitle: [未闭合\n---\n\n正文。\n'), BETA)],
      ['a new bulletin', () => (fs.writeFileSync(path.join(root, 'content/2025/2025-08-01-theta.md'), bulletin({ title: '辛公告', date: '2025-08-01 09:00' })), 'content/2025/2025-08-01-theta.md')],
      ['a deleted bulletin', () => (fs.rmSync(path.join(root, 'content/2025/2025-07-01-zeta.md')), 'content/2025/2025-07-01-zeta.md')],
      ['the config', () => (fs.writeFileSync(path.join(root, 'bulletin.config.yaml'), CONFIG.replace('测试站', '新站名')), 'bulletin.config.yaml')],
    ];
    for (const [what, change] of cases) {
      expect(await builder.quick([path.join(root, change())]), what).toBeUndefined();
    }
    expect(snapshot(outDir)).toEqual(before);
  });

  it('work with the clock given as text, as `bulletin watch --now` passes it, for a scheduled bulletin too', async () => {
    const { root, builder } = await session('2026-01-01T09:00+08:00');
    const eta = path.join(root, 'content/2026/2026-02-01-eta.md');
    fs.writeFileSync(eta, bulletin({ title: '庚定时', date: '2026-02-01 09:00', summary: '庚的摘要。' }, '庚的新正文。'));
    expect((await builder.quick([eta]))?.write.changed).toEqual(['2026/02/eta/index.html']);
  });
});
