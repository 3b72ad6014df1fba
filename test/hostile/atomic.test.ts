/**
 * A build that fails at any stage leaves the previous output folder byte for byte as it was, and a
 * build killed while writing leaves only a temporary folder that the next build removes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { buildSite, bulletin, cleanupSites, makeSite, snapshot, writeFiles } from '../helpers/site.js';

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'bulletin.js');
const leftovers = (root: string) => fs.readdirSync(root).filter((name) => /^\.dist\.(tmp|old)-/.test(name));

afterEach(() => vi.restoreAllMocks());
afterAll(cleanupSites);

/** A site built once, so that dist/ holds a previous build to protect. */
async function builtSite(): Promise<{ root: string; before: Record<string, string> }> {
  const root = makeSite({
    'content/2024/2024-05-14-first.md': bulletin({ title: '第一篇', date: '2024-05-14 09:00', tags: ['防汛'] }),
    'content/2024/2024-05-15-second.md': bulletin({ title: '第二篇', date: '2024-05-15 09:00' }),
  });
  expect((await buildSite(root)).ok).toBe(true);
  const before = snapshot(path.join(root, 'dist'));
  expect(Object.keys(before).length).toBeGreaterThan(10);
  return { root, before };
}

/**
 * Makes every way files reach the disk fail with ENOSPC for the writes `fails` picks: synchronously
 * (fs.writeFileSync) and through the thread pool (fs.writeFile for the site's new files,
 * fs.promises.writeFile for the cache). Restored after each test.
 */
/** `opens`: files whose opening for writing fails too (the cache's shards are written through a file handle). */
function fullDiskFor(fails: (file: string) => boolean, opens: (file: string) => boolean = () => false) {
  const realSync = fs.writeFileSync;
  const realCallback = fs.writeFile;
  const realAsync = fs.promises.writeFile;
  const full = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const sync = vi.spyOn(fs, 'writeFileSync').mockImplementation((...args: Parameters<typeof fs.writeFileSync>) => {
    if (fails(String(args[0]))) throw full();
    return realSync(...args);
  });
  const async = vi.spyOn(fs.promises, 'writeFile').mockImplementation((...args: Parameters<typeof fs.promises.writeFile>) => {
    if (fails(String(args[0]))) return Promise.reject(full());
    return realAsync(...args);
  });
  const callback = vi.spyOn(fs, 'writeFile').mockImplementation(((...args: unknown[]) => {
    const done = args[args.length - 1] as (error: Error | null) => void;
    if (fails(String(args[0]))) return void setImmediate(() => done(full()));
    return (realCallback as (...a: unknown[]) => void)(...args);
  }) as typeof fs.writeFile);
  const realOpenSync = fs.openSync;
  const realOpen = fs.promises.open;
  const writing = (flags: unknown) => flags === 'w' || flags === 'wx';
  const openSync = vi.spyOn(fs, 'openSync').mockImplementation(((...args: Parameters<typeof fs.openSync>) => {
    if (writing(args[1]) && opens(String(args[0]))) throw full();
    return realOpenSync(...args);
  }) as typeof fs.openSync);
  const open = vi.spyOn(fs.promises, 'open').mockImplementation((...args: Parameters<typeof fs.promises.open>) => {
    if (writing(args[1]) && opens(String(args[0]))) return Promise.reject(full());
    return realOpen(...args);
  });
  return {
    callback,
    restore() {
      for (const spy of [sync, async, callback, openSync, open]) spy.mockRestore();
    },
  };
}

describe('a failed build leaves the previous dist/ untouched', () => {
  it('after a content error', async () => {
    const { root, before } = await builtSite();
    writeFiles(root, { 'content/2024/2024-05-16-third.md': bulletin({ title: '第三篇', date: '2020-13-01' }) });
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    expect(snapshot(path.join(root, 'dist'))).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });

  it('after a template error', async () => {
    const { root, before } = await builtSite();
    fs.cpSync(builtinTemplatesDir, path.join(root, 'templates'), { recursive: true });
    writeFiles(root, { 'templates/article.liquid': '{% layout "base" %}{% block content %}{% for x in bulletin.tags %}{% endblock %}' });
    writeFiles(root, { 'content/2024/2024-05-16-third.md': bulletin({ title: '第三篇', date: '2024-05-16' }) });
    const result = await buildSite(root);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^templates\/article\.liquid:1:\d+ has \{% endblock %\} where a tag opened before it is still open\./)]);
    expect(snapshot(path.join(root, 'dist'))).toEqual(before);
  });

  it('when the disk fills up on the tenth file written', async () => {
    const { root, before } = await builtSite();
    writeFiles(root, { 'content/2024/2024-05-16-third.md': bulletin({ title: '第三篇', date: '2024-05-16' }) });
    // New pages go to the disk through the thread pool (fs.writeFile), the rest synchronously: the
    // tenth file of the site written either way fails (the cache's files are not counted).
    let calls = 0;
    const disk = fullDiskFor((file) => !file.includes('.bulletin-cache') && ++calls === 10);
    const result = await buildSite(root);
    const parallel = disk.callback.mock.calls.length;
    disk.restore();
    expect(parallel).toBeGreaterThan(0);
    // After the failure nothing new starts; writes already in flight beside it (at most 8) finish.
    expect(calls).toBeGreaterThanOrEqual(10);
    expect(calls).toBeLessThanOrEqual(10 + 8);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'The site could not be written: ENOSPC: no space left on device, write. The previous output folder was left as it was.',
    ]);
    expect(snapshot(path.join(root, 'dist'))).toEqual(before);
    expect(leftovers(root)).toEqual([]);
  });
});

describe('a cache that cannot be saved', () => {
  it('is a warning: the site is written, and the next build still works', async () => {
    const { root } = await builtSite();
    writeFiles(root, { 'content/2024/2024-05-16-third.md': bulletin({ title: '第三篇', date: '2024-05-16' }) });
    const inCache = (file: string) => file.includes('.bulletin-cache');
    const disk = fullDiskFor(inCache, inCache);
    const result = await buildSite(root);
    disk.restore();
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'The build cache could not be saved: ENOSPC: no space left on device, write. The site was written; the next build may take longer.',
    ]);
    expect(fs.existsSync(path.join(root, 'dist/2024/05/third/index.html'))).toBe(true);
    const next = await buildSite(root);
    expect(next.ok).toBe(true);
    expect(next.diagnostics).toEqual([]);
  });
});

describe('a build killed while writing', () => {
  it('leaves dist/ as it was, and the next build removes its temporary folder', async () => {
    const { root, before } = await builtSite();
    // Enough pages that the write stage lasts long enough to be interrupted.
    const body = `${'明川市各部门认真落实防汛工作要求，做好值班值守。'.repeat(60)}\n`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 250; i++) files[`content/2025/2025-03-${String(1 + (i % 28)).padStart(2, '0')}-item-${i}.md`] = bulletin({ title: `第${i}号通知`, date: `2025-03-${String(1 + (i % 28)).padStart(2, '0')} 09:00`, tags: [`t${i % 20}`] }, body);
    writeFiles(root, files);

    const child = spawn(process.execPath, [BIN, 'build', '--quiet', '--now', '2026-01-01T09:00+08:00'], { cwd: root, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let temp: string | undefined;
    // Kill as soon as the writer has made its temporary folder and put files in it.
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        temp = leftovers(root).find((n) => n.startsWith('.dist.tmp-'));
        if (temp && fs.readdirSync(path.join(root, temp)).length > 0) {
          child.kill('SIGKILL');
          clearInterval(poll);
          resolve();
        }
      }, 2);
      child.on('exit', () => {
        clearInterval(poll);
        reject(new Error('the build finished before it could be killed; make the generated site bigger'));
      });
    });
    expect(await exited).toBe('SIGKILL');
    expect(fs.existsSync(path.join(root, temp!))).toBe(true);
    expect(snapshot(path.join(root, 'dist'))).toEqual(before);

    const next = await buildSite(root);
    expect(next.ok).toBe(true);
    expect(leftovers(root)).toEqual([]);
    expect(fs.existsSync(path.join(root, 'dist/2025/03/item-0/index.html'))).toBe(true);
  }, 120_000);
});
