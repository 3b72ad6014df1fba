import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createBuildCache, openCache, saveBodiesAgain, saveRenderings } from '../../src/cache/build-cache.js';
import { CacheStore } from '../../src/cache/store.js';
import { isStoredBody } from '../../src/cache/markdown-store.js';
import { readShard } from '../../src/cache/store.js';
import type { BuildResult } from '../../src/build.js';
import { buildSite, bulletin, cleanupSites, copyFixture, listFiles, makeSite, snapshot } from '../helpers/site.js';
import { runCli } from '../helpers/cli.js';

afterAll(cleanupSites);

const SCIENCE_FUND = 'content/2024/2024-01-10-science-fund.md';
const OPEN_DAY = 'content/2025/2025-08-15-open-day.md';
const edit = (root: string, rel: string, from: string | RegExp, to: string) => {
  const file = path.join(root, rel);
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toMatch(from);
  fs.writeFileSync(file, text.replace(from, to));
};
/** The output of a build of the same site from scratch, into a folder of its own. */
const coldSnapshot = async (root: string) => {
  const result = await buildSite(root, { cache: false, outDir: 'cold' });
  expect(result.ok).toBe(true);
  const snap = snapshot(path.join(root, 'cold'));
  fs.rmSync(path.join(root, 'cold'), { recursive: true });
  return snap;
};
const reused = (result: BuildResult, stage: string) => result.timings.find((t) => t.stage === stage)!;

// Whole-site builds on a shared machine: generous timeouts (no assertion here is about speed).
describe('the build cache', { timeout: 60_000 }, () => {
  it('gives a warm build the same bytes as a cold one, after edits that reach other pages', async () => {
    const root = copyFixture('sites/basic');
    expect((await buildSite(root)).ok).toBe(true);
    expect(fs.existsSync(path.join(root, '.bulletin-cache'))).toBe(true);

    // Nothing changed: everything comes from the cache.
    const warm = await buildSite(root);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
    expect(reused(warm, 'markdown').reused).toBe(reused(warm, 'markdown').total);
    expect(reused(warm, 'pages').reused).toBe(reused(warm, 'pages').total);
    // The search index, related lists, feeds and sitemap are kept whole.
    expect(reused(warm, 'search')).toMatchObject({ reused: 1, total: 1 });
    expect(warm.write).toMatchObject({ written: 0, removed: 0 });

    // New body text only: related lists, feeds and the search index are made again, and right.
    edit(root, OPEN_DAY, /\n\n/, '\n\n市民可预约参观政务服务中心和档案馆。\n\n');
    const body = await buildSite(root);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
    expect(reused(body, 'search').reused).toBeLessThan(reused(body, 'search').total);

    // A new address for a bulletin another one links to: the linking bulletin must be rendered again.
    edit(root, SCIENCE_FUND, /^title:/m, 'slug: science-fund-2024\ntitle:');
    edit(root, OPEN_DAY, '开放日', '开放日（更新）');
    const edited = await buildSite(root);
    expect(edited.ok).toBe(true);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
    const fundResults = fs.readFileSync(path.join(root, 'dist/2025/02/fund-results/index.html'), 'utf8');
    expect(fundResults).toContain('science-fund-2024/');
    expect(reused(edited, 'markdown').reused).toBeLessThan(reused(edited, 'markdown').total);
  });

  it('writes the search index again when one of its files was edited by hand, even though nothing else changed', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const index = listFiles(path.join(root, 'dist/search')).find((f) => f.endsWith('.json'))!;
    const file = path.join(root, 'dist/search', index);
    const original = fs.readFileSync(file);
    fs.writeFileSync(file, 'edited by hand');
    await buildSite(root);
    expect(fs.readFileSync(file)).toEqual(original);
  });

  it('ignores a corrupt cache, builds correctly and repairs it', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const dir = path.join(root, '.bulletin-cache');
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      const bytes = fs.readFileSync(file);
      bytes.fill(0x41, bytes.length >> 1); // scribble over the second half of every file
      fs.writeFileSync(file, bytes);
    }
    edit(root, OPEN_DAY, '开放日', '开放日（更新）');
    const files = fs.readdirSync(dir);
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    expect(reused(result, 'markdown').reused).toBe(0);
    // Every file read was rejected: all those of the stores read whole, some of the lazily read bodies.
    const eager = files.filter((f) => !f.startsWith('bodies-')).length;
    expect(result.cacheRejected).toBeGreaterThanOrEqual(eager);
    expect(result.cacheRejected).toBeLessThanOrEqual(files.length);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
    const next = await buildSite(root);
    expect(reused(next, 'markdown').reused).toBe(reused(next, 'markdown').total);
    expect(next.cacheRejected).toBe(0);
  });

  it('counts damaged files of the lazily read bodies too, and --profile says how many were ignored', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const dir = path.join(root, '.bulletin-cache');
    const bodies = fs.readdirSync(dir).filter((f) => f.startsWith('bodies-'));
    expect(bodies.length).toBeGreaterThan(1);
    for (const f of bodies) fs.writeFileSync(path.join(dir, f), 'not a cache file');
    // A retitle: the pages beside it are made again, from the stored bodies of their bulletins.
    edit(root, OPEN_DAY, '开放日', '开放日（更新）');
    const run = await runCli(['build', '--quiet', '--profile', '--now', '2026-01-01T09:00+08:00'], root);
    expect(run.code).toBe(0);
    const line = run.stderr.split('\n').find((l) => l.startsWith('cache: '));
    const count = Number(/^cache: (\d+) files? (were|was) damaged or from another version of bulletin; ignored and written again$/.exec(line ?? '')?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(bodies.length);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
  });

  it('ignores a cache written by another version of bulletin', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const dir = path.join(root, '.bulletin-cache');
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      fs.writeFileSync(file, fs.readFileSync(file, 'latin1').replace(/^(bulletin-cache \d+ )\S+/, '$19.9.9'), 'latin1');
    }
    const result = await buildSite(root);
    expect(reused(result, 'load').reused).toBe(0);
    expect(reused(result, 'markdown').reused).toBe(0);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
  });

  it('re-renders a page whose template changed, and a cached page whose output file was edited by hand', async () => {
    const root = copyFixture('sites/basic');
    fs.cpSync(path.join(import.meta.dirname, '../../templates'), path.join(root, 'templates'), { recursive: true });
    await buildSite(root);
    const article = path.join(root, 'dist/2025/08/open-day/index.html');
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace('</body>', '<!-- edited by hand --></body>'));
    fs.rmSync(path.join(root, 'dist/2024/index.html'));
    const partials = path.join(root, 'templates/layouts/base.liquid');
    fs.writeFileSync(partials, fs.readFileSync(partials, 'utf8').replace('</body>', '<!-- new footer --></body>'));
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    expect(fs.readFileSync(article, 'utf8')).toContain('<!-- new footer -->');
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));

    // Pages unchanged since: the hand edit and the deleted file are put right, not trusted.
    fs.writeFileSync(article, `${fs.readFileSync(article, 'utf8')}<!-- edited by hand -->`);
    fs.rmSync(path.join(root, 'dist/2024/index.html'));
    expect((await buildSite(root)).ok).toBe(true);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
  });

  it('keeps the modification times of unchanged output files, while swapping in a new output folder', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const dist = path.join(root, 'dist');
    const before = new Map(listFiles(dist).map((f) => [f, fs.statSync(path.join(dist, f))]));
    const folderBefore = fs.statSync(dist).ino;
    await new Promise((r) => setTimeout(r, 20)); // so a rewritten file would get a later mtime
    edit(root, OPEN_DAY, '开放日', '开放日（更新）');
    const result = await buildSite(root);
    expect(result.write!.unchanged).toBeGreaterThan(0);
    expect(fs.statSync(dist).ino).not.toBe(folderBefore); // a new folder was swapped in atomically
    const kept = listFiles(dist).filter((f) => before.has(f) && fs.statSync(path.join(dist, f)).mtimeMs === before.get(f)!.mtimeMs);
    expect(kept).toContain('assets/style.css');
    expect(kept).toContain('2024/files/application-form.pdf');
    expect(kept).not.toContain('2025/08/open-day/index.html');
    // Every file the writer kept is the very same file (a hard link), so a sync by time uploads only the rest.
    const manifestFile = '.bulletin/manifest.json';
    expect(kept.filter((f) => f !== manifestFile).length).toBe(result.write!.unchanged);
    for (const f of kept) expect(fs.statSync(path.join(dist, f)).ino).toBe(before.get(f)!.ino);
  });

  it('reuses parsed bulletins, Markdown and pages across build() calls that share one cache object', async () => {
    const root = copyFixture('sites/basic');
    const cache = createBuildCache();
    expect((await buildSite(root, { cache })).ok).toBe(true);
    const second = await buildSite(root, { cache });
    expect(reused(second, 'load').reused).toBe(reused(second, 'load').total);
    expect(reused(second, 'pages').reused).toBe(reused(second, 'pages').total);
    edit(root, OPEN_DAY, '开放日', '开放日（更新）');
    const third = await buildSite(root, { cache });
    expect(reused(third, 'load').reused).toBe(reused(third, 'load').total! - 1);
    expect(reused(third, 'markdown').reused).toBe(reused(third, 'markdown').total! - 1);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
  });

  it('lets the Markdown sources go once rendered, and reads one back from its shard when a later build renders it again', async () => {
    const root = copyFixture('sites/basic');
    const cache = createBuildCache();
    expect((await buildSite(root, { cache })).ok).toBe(true);
    // Written to the cache during the Markdown stage, then no longer held.
    expect(fs.readdirSync(path.join(root, '.bulletin-cache')).filter((f) => f.startsWith('sources-')).length).toBeGreaterThan(0);
    expect(cache.sources.size).toBe(0);
    // A new address for a bulletin another links to: the linking one (unchanged) is rendered again, from
    // its body in the cache, not from its file.
    edit(root, SCIENCE_FUND, /^title:/m, 'slug: science-fund-2024\ntitle:');
    const reads = vi.spyOn(fs, 'readFileSync');
    const asyncReads = vi.spyOn(fs.promises, 'readFile');
    let result: BuildResult;
    let read: string[];
    try {
      result = await buildSite(root, { cache });
      read = [...reads.mock.calls, ...asyncReads.mock.calls].map((c) => path.basename(String(c[0])));
    } finally {
      reads.mockRestore();
      asyncReads.mockRestore();
    }
    expect(result.ok).toBe(true);
    expect(reused(result, 'markdown').reused).toBeLessThan(reused(result, 'markdown').total! - 1);
    expect(read.filter((f) => f.startsWith('sources-')).length).toBeGreaterThan(0);
    // Its file is read no more often than an unchanged bulletin's that is not rendered again (by loading).
    const readsOf = (name: string) => read.filter((f) => f === name).length;
    expect(readsOf('2025-02-01-fund-results.md')).toBe(readsOf('2025-08-15-open-day.md'));
    expect(fs.readFileSync(path.join(root, 'dist/2025/02/fund-results/index.html'), 'utf8')).toContain('science-fund-2024/');
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
  });

  it('does not read source files whose stat matches the record on disk, and reads one rewritten with its old mtime and size', async () => {
    const root = copyFixture('sites/basic');
    // Whole seconds, so that the mtime can be put back exactly.
    const file = path.join(root, OPEN_DAY);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    fs.utimesSync(file, hourAgo, hourAgo);
    // A record is trusted only when taken well after the file last changed (RACY_MS, 2 s): let the copy settle.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await buildSite(root)).ok).toBe(true);
    const markdownRead = async () => {
      const reads = vi.spyOn(fs, 'readFileSync');
      const asyncReads = vi.spyOn(fs.promises, 'readFile');
      try {
        const result = await buildSite(root, { cache: createBuildCache() });
        expect(result.ok).toBe(true);
        return [...reads.mock.calls, ...asyncReads.mock.calls].map((c) => String(c[0])).filter((f) => f.includes(`${path.sep}content${path.sep}`) && f.endsWith('.md'));
      } finally {
        reads.mockRestore();
        asyncReads.mockRestore();
      }
    };
    // A new process (a new cache object, read from .bulletin-cache/) trusts the recorded stats.
    expect(await markdownRead()).toEqual([]);

    // Same size, mtime put back: only the ctime (and the bytes) tell. The file is read and the new text shows.
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('开放日');
    fs.writeFileSync(file, text.replace('开放日', '参观日'));
    fs.utimesSync(file, hourAgo, hourAgo);
    expect([fs.statSync(file).size, fs.statSync(file).mtimeMs]).toEqual([Buffer.byteLength(text), hourAgo * 1000]);
    expect(await markdownRead()).toEqual([file]);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
    expect(fs.readFileSync(path.join(root, 'dist/index.html'), 'utf8')).toContain('参观日');
  });

  it('works out again only the related lists an edit reaches, with the bytes of a cold build', async () => {
    // Four subjects on three months of bulletins, each naming its subject's words in its own mix.
    const subjects = [
      ['空气质量', '污染防治', '监测站点', '排放标准'],
      ['校园安全', '食堂管理', '消防检查', '上学交通'],
      ['公交线路', '票价调整', '地铁站点', '出行服务'],
      ['医保报销', '药品价格', '门诊服务', '异地就医'],
    ];
    const files: Record<string, string> = { 'bulletin.config.yaml': 'title: 测试站\nurl: https://www.example.gov.cn/\n' };
    for (let i = 0; i < 120; i++) {
      const words = subjects[i % 4]!;
      const month = String(1 + Math.floor(i / 40)).padStart(2, '0');
      const day = String(1 + (i % 28)).padStart(2, '0');
      const body = Array.from({ length: 3 + (i % 5) }, (_, k) => `本市推进${words[(i + k) % 4]}工作，${words[(i + 2 * k + 1) % 4]}取得进展。`).join('\n\n');
      files[`content/2025-${month}-${day}-r${i}.md`] = bulletin({ title: `${words[i % 4]}通报第${i}期`, date: `2025-${month}-${day} 09:00` }, body);
    }
    const root = makeSite(files);
    const first = await buildSite(root);
    expect(first.ok).toBe(true);
    expect(reused(first, 'plan')).toMatchObject({ reused: 0, total: 120 });

    // The same body text said once more: no document frequency moves, so only lists that meet this
    // bulletin are worked out again.
    const file = path.join(root, 'content/2025-01-06-r5.md');
    fs.appendFileSync(file, '\n本市推进食堂管理工作，消防检查取得进展。\n');
    const edited = await buildSite(root);
    expect(edited.ok).toBe(true);
    expect(reused(edited, 'markdown').reused).toBe(119);
    expect(reused(edited, 'plan').reused).toBeGreaterThan(60);
    expect(reused(edited, 'plan').reused).toBeLessThan(120);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));

    // Nothing changed: the lists are kept whole.
    const again = await buildSite(root);
    expect(reused(again, 'plan')).toMatchObject({ reused: 120, total: 120 });
  });

  it('reads no HTML or text from the cache when nothing changed, and few bodies after one edit', async () => {
    const files: Record<string, string> = { 'bulletin.config.yaml': 'title: 测试站\nurl: https://www.example.gov.cn/\n' };
    const topics = ['河道治理', '科技基金', '公共交通', '学校招生', '医疗保障', '旅游推广'];
    for (let i = 0; i < 40; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
      files[`content/2025-${month}-${day}-n${i}.md`] = bulletin({ title: `第${i}号公告`, date: `2025-${month}-${day} 09:00` }, `关于${topics[i % 6]}的通知，第${i}号。${topics[(i + 1) % 6]}另行安排。`);
    }
    const root = makeSite(files);
    expect((await buildSite(root)).ok).toBe(true);

    const unchanged = createBuildCache();
    expect((await buildSite(root, { cache: unchanged })).ok).toBe(true);
    expect(unchanged.markdown.size).toBe(40);
    expect(unchanged.bodies.size).toBe(0);
    // Nor any Markdown source: the bulletins come from the cache without their bodies.
    expect(unchanged.loaded.size).toBe(40);
    expect(unchanged.sources.size).toBe(0);
    // Nor any search term list: the search index is kept whole.
    expect(unchanged.searchTerms.size).toBe(0);

    const file = path.join(root, 'content/2025-01-20-n19.md');
    fs.appendFileSync(file, '\n修订说明：第一次修订。\n');
    const edited = createBuildCache();
    const reads = vi.spyOn(fs, 'readFileSync');
    let result: BuildResult;
    let sourceShards: Set<string>;
    try {
      result = await buildSite(root, { cache: edited });
      // The Markdown sources are let go after the Markdown stage: count the shard files read instead.
      sourceShards = new Set(reads.mock.calls.map((c) => path.basename(String(c[0]))).filter((f) => f.startsWith('sources-')));
    } finally {
      reads.mockRestore();
    }
    expect(reused(result, 'markdown').reused).toBe(39);
    expect(edited.bodies.size).toBeGreaterThan(0);
    expect(edited.bodies.size).toBeLessThan(20);
    expect(sourceShards.size).toBeGreaterThan(0);
    expect(sourceShards.size).toBeLessThan(5);
    // The index is made again from every bulletin's terms: all 40 lists are read (39) or made (1).
    expect(edited.searchTerms.size).toBe(40);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
    // The old version's body went with its rendering: one body per bulletin is left on disk.
    const all = createBuildCache();
    await buildSite(root, { cache: all, outDir: 'again' });
    expect(all.bodies.size).toBe(40);
  });

  it('reads a bulletin again from its file when it must be rendered again and its cached source is lost', async () => {
    const root = copyFixture('sites/basic');
    expect((await buildSite(root)).ok).toBe(true);
    const cacheDir = path.join(root, '.bulletin-cache');
    for (const f of fs.readdirSync(cacheDir)) if (f.startsWith('sources-')) fs.rmSync(path.join(cacheDir, f));
    // A new address for a bulletin another links to: the linking one (unchanged, from the cache) is rendered again.
    edit(root, SCIENCE_FUND, /^title:/m, 'slug: science-fund-2024\ntitle:');
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    expect(reused(result, 'markdown').reused).toBeLessThan(reused(result, 'markdown').total! - 1);
    expect(fs.readFileSync(path.join(root, 'dist/2025/02/fund-results/index.html'), 'utf8')).toContain('science-fund-2024/');
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
  });

  it('writes a body rendered again after the renderings were saved (they are saved before the pages)', async () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'bulletin-bodies-'));
    const cache = createBuildCache();
    openCache(cache, dir);
    cache.markdown.set('k', { rendered: { summary: '', excerpt: '', textHash: '', attachmentsUsed: [], diagnostics: [], terms: {} }, deps: null } as never);
    cache.bodies.set('k', { html: '<p>旧</p>', text: '旧' });
    await saveRenderings(cache);
    // As a page made afterwards does when the body it read back was lost (markdown-store.ts, `remember`).
    cache.bodies.set('k', { html: '<p>新</p>', text: '新' });
    await saveBodiesAgain(cache);
    const stored = new CacheStore<{ html: string }>('bodies', isStoredBody, { lazy: true, shards: 256 });
    stored.load(dir);
    expect(stored.get('k')?.html).toBe('<p>新</p>');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders a bulletin again when its cached HTML cannot be read, and repairs the cache', async () => {
    const root = copyFixture('sites/basic');
    fs.cpSync(path.join(import.meta.dirname, '../../templates'), path.join(root, 'templates'), { recursive: true });
    await buildSite(root);
    const dir = path.join(root, '.bulletin-cache');
    const bodies = fs.readdirSync(dir).filter((f) => f.startsWith('bodies-'));
    expect(bodies.length).toBeGreaterThan(0);
    for (const f of bodies) {
      const bytes = fs.readFileSync(path.join(dir, f));
      bytes.fill(0x41, bytes.length >> 1);
      fs.writeFileSync(path.join(dir, f), bytes);
    }
    // A changed article template makes every article page again: each needs its bulletin's HTML.
    const article = path.join(root, 'templates/article.liquid');
    fs.writeFileSync(article, fs.readFileSync(article, 'utf8').replace('<article class="bulletin"', '<article data-edition="2" class="bulletin"'));
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    expect(reused(result, 'markdown').reused).toBe(reused(result, 'markdown').total);
    expect(snapshot(path.join(root, 'dist'))).toEqual(await coldSnapshot(root));
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('bodies-'))) {
      expect(readShard(fs.readFileSync(path.join(dir, f)))).toBeDefined();
    }
  });

  it('passes on the slugs of every agency and tag, also after a build that loaded only one bulletin again', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    edit(root, OPEN_DAY, '开放日', '开放日（更新）');
    expect((await buildSite(root)).ok).toBe(true);
    const cache = createBuildCache();
    openCache(cache, path.join(root, '.bulletin-cache'));
    const slugs = (cache.slugs.get('names') ?? []).map(([, slug]) => slug);
    const folders = (dir: string) => fs.readdirSync(path.join(root, 'dist', dir)).filter((f) => !f.includes('.'));
    // The agency named in Chinese and left to pinyin, and the tags: none of them from the config.
    const unmapped = folders('agencies').filter((f) => f !== 'science-technology' && f !== 'ecology-en');
    expect(unmapped.length).toBeGreaterThan(0);
    expect(slugs).toEqual(expect.arrayContaining([...unmapped, ...folders('tags')]));
  });
});

