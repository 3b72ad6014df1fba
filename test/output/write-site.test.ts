import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { writeSite, writeSiteInPlace, type Manifest } from '../../src/output/write-site.js';
import { bulletin, buildSite, cleanupSites, copyFixture, listFiles, makeSite, snapshot, writeFiles } from '../helpers/site.js';

// Whole-site builds: seconds each when the machine is busy, never the default 5.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

afterAll(cleanupSites);

const stat = (root: string, rel: string) => fs.statSync(path.join(root, 'dist', rel));

describe('the writer', () => {
  it('keeps unchanged files as they were, rewrites changed ones and removes pages that went away', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const keep = stat(root, 'assets/style.css');
    const before = listFiles(path.join(root, 'dist'));

    // Retitle one bulletin, delete another.
    const openDay = path.join(root, 'content/2025/2025-08-15-open-day.md');
    fs.writeFileSync(openDay, fs.readFileSync(openDay, 'utf8').replace('测试市政府开放日活动', '测试市政府开放日活动（更新）'));
    fs.rmSync(path.join(root, 'content/2024/2024-07-01-budget-report.md'));
    const result = await buildSite(root);
    expect(result.ok).toBe(true);

    const after = listFiles(path.join(root, 'dist'));
    expect(before.filter((f) => !after.includes(f)).sort()).toEqual([
      '2024/07/budget-report/index.html',
      '2024/07/index.html',
      'agencies/ce-shi-shi-cai-zheng-ju/atom.xml',
      'agencies/ce-shi-shi-cai-zheng-ju/feed.xml',
      'agencies/ce-shi-shi-cai-zheng-ju/index.html',
      'tags/cai-zheng/index.html',
    ]);
    expect(result.write!.removed).toBe(6);
    expect(result.write!.written).toBeGreaterThan(0);
    expect(result.write!.unchanged).toBeGreaterThan(0);
    expect(result.write!.written + result.write!.unchanged).toBe(after.length - 1); // all but the manifest
    // An unchanged file is the same file: same inode and modification time, for rsync-style deploys.
    const kept = stat(root, 'assets/style.css');
    expect([kept.ino, kept.mtimeMs]).toEqual([keep.ino, keep.mtimeMs]);
    expect(fs.readFileSync(path.join(root, 'dist/2025/08/open-day/index.html'), 'utf8')).toContain('（更新）');
  });

  it('leaves the output folder itself alone when nothing changed: no new folder, no links, no swap', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    // A change, so the second build swaps and retires a folder for recycling; the third must not touch it.
    const openDay = path.join(root, 'content/2025/2025-08-15-open-day.md');
    fs.writeFileSync(openDay, fs.readFileSync(openDay, 'utf8').replace('测试市政府开放日活动', '测试市政府开放日活动（更新）'));
    await buildSite(root);
    const folder = fs.statSync(path.join(root, 'dist'));
    const retired = fs.statSync(path.join(root, '.dist.prev'));
    const before = snapshot(path.join(root, 'dist'));
    const result = await buildSite(root);
    expect(result.write).toEqual({ written: 0, unchanged: result.files, removed: 0 });
    expect(fs.statSync(path.join(root, 'dist')).ino).toBe(folder.ino);
    expect(fs.statSync(path.join(root, '.dist.prev')).ino).toBe(retired.ino);
    expect(fs.readdirSync(root).filter((n) => n.includes('.tmp-') || n.includes('.old-'))).toEqual([]);
    expect(snapshot(path.join(root, 'dist'))).toEqual(before);
  });

  it('rewrites a file someone edited by hand inside dist/', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const first = snapshot(path.join(root, 'dist'));
    const page = path.join(root, 'dist/2020/05/flood-warning/index.html');
    fs.writeFileSync(page, 'edited by hand');
    await buildSite(root);
    const second = snapshot(path.join(root, 'dist'));
    delete first['.bulletin/manifest.json'];
    delete second['.bulletin/manifest.json'];
    expect(second).toEqual(first);
  });

  it('refuses an output folder that holds files bulletin did not write, and leaves them alone', async () => {
    const root = copyFixture('sites/basic');
    writeFiles(root, { 'public/report.docx': 'someone’s work' });
    const result = await buildSite(root, { outDir: 'public' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^The output folder .*public already holds files that bulletin did not write, and building would replace it\. /),
    ]);
    expect(listFiles(path.join(root, 'public'))).toEqual(['report.docx']);
  });

  it('refuses an output folder that is or contains the content folder', async () => {
    const root = copyFixture('sites/basic');
    const before = snapshot(root);
    for (const outDir of ['content', '.', 'content/2024']) {
      const result = await buildSite(root, { outDir });
      expect(result.ok, outDir).toBe(false);
      expect(result.diagnostics.length, outDir).toBeGreaterThan(0);
    }
    expect(snapshot(root)).toEqual(before);
  });
});

describe('the in-place writer (the development folder)', () => {
  const page = (text: string) => ({ content: text, origin: 'a test' });

  it('writes only files whose bytes changed, removes the ones that went away with their empty folders, and keeps the manifest true', () => {
    const out = path.join(makeSite({}), 'dev');
    const files = { 'index.html': page('home'), '2025/04/beta/index.html': page('beta'), '2025/05/gamma/index.html': page('gamma'), 'assets/style.css': page('body{}') };
    writeSiteInPlace(out, Object.entries(files).map(([p, f]) => ({ path: p, ...f })));
    const home = fs.statSync(path.join(out, 'index.html'));
    const result = writeSiteInPlace(out, [
      { path: 'index.html', ...page('home') },
      { path: '2025/04/beta/index.html', ...page('beta, second draft') },
      { path: 'assets/style.css', ...page('body{}') },
    ]);
    expect(result).toEqual({ written: 1, unchanged: 2, removed: 1, changed: ['2025/04/beta/index.html', '2025/05/gamma/index.html'] });
    expect(listFiles(out)).toEqual(['.bulletin/manifest.json', '2025/04/beta/index.html', 'assets/style.css', 'index.html']);
    expect(fs.existsSync(path.join(out, '2025/05'))).toBe(false);
    const kept = fs.statSync(path.join(out, 'index.html'));
    expect([kept.ino, kept.mtimeMs]).toEqual([home.ino, home.mtimeMs]);
    // The same manifest the swapping writer records for the same files.
    const swapped = path.join(makeSite({}), 'dist');
    writeSite(swapped, [{ path: 'index.html', ...page('home') }, { path: '2025/04/beta/index.html', ...page('beta, second draft') }, { path: 'assets/style.css', ...page('body{}') }]);
    expect(fs.readFileSync(path.join(out, '.bulletin/manifest.json'), 'utf8')).toBe(fs.readFileSync(path.join(swapped, '.bulletin/manifest.json'), 'utf8'));
  });

  it('with the caller\'s manifest, writes some pages without touching the others or the manifest file, and a later complete write sees them', () => {
    const out = path.join(makeSite({}), 'dev');
    const manifest: Manifest = {};
    writeSiteInPlace(out, [{ path: 'a/index.html', ...page('a') }, { path: 'b/index.html', ...page('b') }], { manifest });
    const onDisk = fs.readFileSync(path.join(out, '.bulletin/manifest.json'), 'utf8');
    const partial = writeSiteInPlace(out, [{ path: 'a/index.html', ...page('a, quick') }], { complete: false, manifest });
    expect(partial.changed).toEqual(['a/index.html']);
    expect(fs.readFileSync(path.join(out, '.bulletin/manifest.json'), 'utf8')).toBe(onDisk);
    expect(listFiles(out)).toEqual(['.bulletin/manifest.json', 'a/index.html', 'b/index.html']);
    // Back to the first text: the manifest kept in memory knows the file on disk is the quick one.
    const complete = writeSiteInPlace(out, [{ path: 'a/index.html', ...page('a') }, { path: 'b/index.html', ...page('b') }], { manifest });
    expect(complete.changed).toEqual(['a/index.html']);
    expect(fs.readFileSync(path.join(out, 'a/index.html'), 'utf8')).toBe('a');
    expect(fs.readFileSync(path.join(out, '.bulletin/manifest.json'), 'utf8')).toBe(onDisk);
  });
});

describe('output paths', () => {
  it('two bulletins with one address are an error naming both files, also when only letter case differs', async () => {
    const root = copyFixture('sites/basic');
    writeFiles(root, {
      'content/2025/other/2025-08-15-open-day.md': bulletin({ title: '另一篇开放日' }),
      'content/2025/2025-02-03-fund.md': bulletin({ title: '大小写不同', slug: 'Fund-Results', date: '2025-02-03' }),
    });
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'content/2025/2025-02-03-fund.md slug: would be published at /2025/02/Fund-Results/, the same address as content/2025/2025-02-01-fund-results.md. Give one of them a different slug: line in its front matter.',
      'content/2025/other/2025-08-15-open-day.md slug: would be published at /2025/08/open-day/, the same address as content/2025/2025-08-15-open-day.md. Give one of them a different slug: line in its front matter.',
    ]);
  });

  it('a bulletin may not take an address the site uses for its own pages', async () => {
    const root = copyFixture('sites/basic');
    writeFiles(root, {
      'bulletin.config.yaml': `${fs.readFileSync(path.join(root, 'bulletin.config.yaml'), 'utf8')}permalink: /{slug}/\n`,
      'content/archive.md': bulletin({ title: '归档', date: '2025-01-01' }),
    });
    const result = await buildSite(root);
    expect(result.diagnostics.map(formatDiagnostic)).toContain(
      'content/archive.md slug: would be published at /archive/, which the site uses for its own pages. Choose another slug or permalink pattern.',
    );
  });
});

describe('two files for one output path', () => {
  // A bulletin at the top of content/ with these attachments (each a file next to it).
  const notice = (...hrefs: string[]) =>
    `---\ntitle: 通知\ndate: 2025-12-01 09:00\nattachments:\n${hrefs.map((h) => `  - { href: ${h}, title: 附件 }`).join('\n')}\n---\n\n正文。\n`;

  it('names both and says to rename the content file when an attachment takes an address the site writes itself; the previous site stays', async () => {
    const root = copyFixture('sites/basic');
    await buildSite(root);
    const before = snapshot(path.join(root, 'dist'));
    writeFiles(root, { 'content/related.json': '{"mine": true}', 'content/2025-12-01-notice.md': notice('related.json') });
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'Two files would be written to related.json in the output folder: content/related.json and related articles. Rename content/related.json (and the links to it): the site makes a file of its own at that address.',
    ]);
    expect(snapshot(path.join(root, 'dist'))).toEqual(before);
  });

  it('reports two attachments whose names differ only in letter case, which are one file on Windows and macOS', async () => {
    const root = copyFixture('sites/basic');
    writeFiles(root, { 'content/Form.pdf': '%PDF-1.4 one', 'content/form.pdf': '%PDF-1.4 two', 'content/2025-12-01-notice.md': notice('Form.pdf', 'form.pdf') });
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'Two files would be written to Form.pdf and form.pdf, one file on Windows and macOS disks, in the output folder: content/Form.pdf and content/form.pdf. Rename content/Form.pdf or content/form.pdf (and the links to it).',
    ]);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  it('names the template asset by its path when the emblem takes its address, and says to rename one of the two', async () => {
    const root = copyFixture('sites/basic');
    fs.appendFileSync(path.join(root, 'bulletin.config.yaml'), 'site:\n  emblem: images/logo.png\n');
    fs.cpSync(path.join(import.meta.dirname, '../../templates'), path.join(root, 'templates'), { recursive: true });
    writeFiles(root, { 'images/logo.png': 'PNG one', 'templates/assets/site/logo.png': 'PNG two' });
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'Two files would be written to assets/site/logo.png in the output folder: templates/assets/site/logo.png and site.emblem in the config. Rename templates/assets/site/logo.png or images/logo.png (and the links to it).',
    ]);
  });

  it('says to rename the site’s own file, not one of bulletin’s built-in templates, when an attachment takes an asset’s address', async () => {
    const root = copyFixture('sites/basic'); // no templates/ folder: the built-in ones
    writeFiles(root, { 'content/assets/style.css': 'body{}', 'content/2025-12-01-notice.md': notice('assets/style.css') });
    const result = await buildSite(root);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "Two files would be written to assets/style.css in the output folder: content/assets/style.css and bulletin's built-in templates/assets/style.css. Rename content/assets/style.css (and the links to it): the site makes a file of its own at that address.",
    ]);
  });
});
