import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foldersOf, isInsidePath } from '../../src/output/output-ahead.js';
import { runCli } from '../helpers/cli.js';
import { coldSnapshot as cold, OPEN_DAY, retitle } from '../helpers/basic-site.js';
import { buildSite, cleanupSites, copyFixture, snapshot } from '../helpers/site.js';

afterAll(cleanupSites);

const BUDGET = 'content/2024/2024-07-01-budget-report.md';
/** Every folder under `dir` with nothing in it. */
const emptyFolders = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.readdirSync(path.join(e.parentPath, e.name)).length === 0)
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
/** What the builds left beside the output folder. */
const besideDist = (root: string) => fs.readdirSync(root).filter((name) => name.startsWith('.dist'));

describe('foldersOf', () => {
  it('lists each folder once, parents before children', () => {
    expect(foldersOf('/t', ['a/b/c.html', 'a/b/d.html', 'a/e.html', 'f.xml', 'a-b/c.html', 'a/b/g/h.html'])).toEqual(['/t/a', '/t/a-b', '/t/a/b', '/t/a/b/g']);
  });
});

describe('isInsidePath', () => {
  it('takes only relative paths that stay inside', () => {
    expect(['a.html', 'a/b/index.html', '.bulletin/schedule.json'].every(isInsidePath)).toBe(true);
    expect(['', '/etc/passwd', '../x', 'a/../../x', 'a//b', './a', 'a/.', 'a\\..\\x', 'a\0b'].some(isInsidePath)).toBe(false);
  });
});

describe('the output folder prepared ahead', { timeout: 60_000 }, () => {
  it('is used by the first change after a full build: unchanged files stay the same files, changed ones never write through to the live site, and what the build no longer has goes', async () => {
    const root = copyFixture('sites/basic');
    const dist = path.join(root, 'dist');
    await buildSite(root);
    const first = snapshot(dist);
    const inodes = (dir: string) => new Map(Object.keys(first).map((rel) => [rel, fs.statSync(path.join(dir, rel), { throwIfNoEntry: false })?.ino] as const));
    const before = inodes(dist);
    const changedPage = '2025/08/open-day/index.html';
    // A changed bulletin and a removed one, with no retired folder to start from.
    retitle(root, '开放日第二版');
    fs.rmSync(path.join(root, BUDGET));
    expect(besideDist(root)).toEqual([]);
    const second = await buildSite(root);
    expect(second.ok).toBe(true);
    expect(snapshot(dist)).toEqual(await cold(root));
    // Every file whose bytes did not change is the very same file (its modification time kept).
    const now = snapshot(dist);
    const after = inodes(dist);
    const unchanged = Object.keys(first).filter((rel) => now[rel] === first[rel]);
    expect(unchanged.length).toBeGreaterThan(10);
    expect(unchanged.filter((rel) => after.get(rel) !== before.get(rel))).toEqual([]);
    // The site that was live is retired as it was: the changed page was not written into its file.
    expect(snapshot(path.join(root, '.dist.prev'))).toEqual(first);
    expect(now[changedPage]).not.toEqual(first[changedPage]);
    expect(fs.existsSync(path.join(dist, '2024/07/budget-report'))).toBe(false);
    expect(emptyFolders(dist)).toEqual([]);
    expect(besideDist(root)).toEqual(['.dist.prev']);
  });

  it('is removed when the build then writes nothing new, or fails', async () => {
    const root = copyFixture('sites/basic');
    const dist = path.join(root, 'dist');
    await buildSite(root);
    const before = snapshot(dist);
    const manifest = fs.statSync(path.join(dist, '.bulletin/manifest.json')).mtimeMs;
    // A draft changed: a bulletin was read again, but no page differs.
    fs.appendFileSync(path.join(root, 'content/2025/2025-09-01-draft-notice.md'), '\n草稿又改了一句。\n');
    expect((await buildSite(root)).ok).toBe(true);
    expect(besideDist(root)).toEqual([]);
    expect(fs.statSync(path.join(dist, '.bulletin/manifest.json')).mtimeMs).toBe(manifest);
    // A changed bulletin with a link to nothing: the build fails after the folders were made.
    fs.appendFileSync(path.join(root, OPEN_DAY), '\n[另见](../no-such-bulletin.md)\n');
    expect((await buildSite(root)).ok).toBe(false);
    expect(besideDist(root)).toEqual([]);
    expect(snapshot(dist)).toEqual(before);
  });

  it('puts a file where the previous output had a folder of the same name, and a folder where it had a file', async () => {
    const root = copyFixture('sites/basic');
    const dist = path.join(root, 'dist');
    const openDay = path.join(root, OPEN_DAY);
    const text = fs.readFileSync(openDay, 'utf8');
    fs.mkdirSync(path.join(root, 'content/2024/files/forms'));
    fs.writeFileSync(path.join(root, 'content/2024/files/forms/a.txt'), 'a form\n');
    fs.writeFileSync(openDay, `${text}\n[表格](../2024/files/forms/a.txt)\n`);
    expect((await buildSite(root)).ok).toBe(true);
    expect(fs.statSync(path.join(dist, '2024/files/forms')).isDirectory()).toBe(true);
    // The folder becomes a file, and the bulletin that links to it changes (so the folder is prepared ahead).
    fs.rmSync(path.join(root, 'content/2024/files/forms'), { recursive: true });
    fs.writeFileSync(path.join(root, 'content/2024/files/forms'), 'now a file\n');
    fs.writeFileSync(openDay, `${text}\n[表格](../2024/files/forms)\n`);
    const second = await buildSite(root);
    expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(snapshot(dist)).toEqual(await cold(root));
    expect(fs.readFileSync(path.join(dist, '2024/files/forms'), 'utf8')).toBe('now a file\n');

    // And back: the file becomes a folder again.
    fs.rmSync(path.join(root, '.dist.prev'), { recursive: true });
    fs.rmSync(path.join(root, 'content/2024/files/forms'));
    fs.mkdirSync(path.join(root, 'content/2024/files/forms'));
    fs.writeFileSync(path.join(root, 'content/2024/files/forms/a.txt'), 'a form again\n');
    fs.writeFileSync(openDay, `${text}\n[表格](../2024/files/forms/a.txt)\n`);
    const third = await buildSite(root);
    expect(third.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(snapshot(dist)).toEqual(await cold(root));
    expect(fs.readFileSync(path.join(dist, '2024/files/forms/a.txt'), 'utf8')).toBe('a form again\n');
  });

  it('makes nothing outside its folder whatever the output manifest says', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const manifestFile = path.join(root, 'dist/.bulletin/manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, [string, number]>;
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, '../made-outside/x.html': ['0', 1], 'a/../../../also-outside/y.html': ['0', 1] }));
    // A bulletin changed, with a link to nothing: the folder is prepared, then the build fails and removes
    // it. Paths out of the folder are dropped before anything is made (and a folder they name that
    // exists, such as the site's own, stops the preparing).
    fs.appendFileSync(path.join(root, OPEN_DAY), '\n[另见](../no-such-bulletin.md)\n');
    expect((await buildSite(root)).ok).toBe(false);
    expect(fs.existsSync(path.join(root, 'made-outside'))).toBe(false);
    expect(fs.existsSync(path.join(root, '..', '..', 'also-outside'))).toBe(false);
    expect(besideDist(root).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('gives the same site in the compiled CLI, where a thread of its own prepares it', async () => {
    const root = copyFixture('sites/basic');
    const dist = path.join(root, 'dist');
    const build = async () => expect((await runCli(['build', '--quiet', '--now', '2026-01-01T09:00+08:00'], root)).code).toBe(0);
    await build();
    const first = snapshot(dist);
    retitle(root, '开放日第二版');
    fs.rmSync(path.join(root, BUDGET));
    await build();
    expect(snapshot(dist)).toEqual(await cold(root));
    expect(snapshot(path.join(root, '.dist.prev'))).toEqual(first);
    expect(emptyFolders(dist)).toEqual([]);
    expect(besideDist(root)).toEqual(['.dist.prev']);
  });
});
