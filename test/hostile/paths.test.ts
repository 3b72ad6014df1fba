/** Paths that would reach outside the site: links out of content/ are never read or published. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { buildSite, cleanupSites, listFiles, makeSite } from '../helpers/site.js';
import { prepareHostileSite } from './hostile-site.js';

afterAll(cleanupSites);
afterEach(() => vi.restoreAllMocks());

const everything = (dir: string) => listFiles(dir).map((rel) => `${rel}\n${fs.readFileSync(path.join(dir, rel), 'utf8')}`).join('\n');

describe('symbolic links in content/', () => {
  it('does not follow a file or folder link that points outside content/, so its text is never published', async () => {
    const { root } = prepareHostileSite('symlink-outside');
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    const dist = everything(path.join(root, 'dist'));
    expect(dist).toContain('明川市发布通知');
    expect(dist).not.toContain('hunter2');
    expect(dist).not.toContain('机密');
  });

  it('follows a file link that stays inside content/', async () => {
    // Control for the test above: the same kind of link, pointing inside, is published.
    const { root } = prepareHostileSite('symlink-outside');
    fs.copyFileSync(path.join(root, 'secret/passwords.md'), path.join(root, 'content/2024/2024-05-16-inside.md'));
    fs.rmSync(path.join(root, 'content/2024/2024-05-15-leak.md'));
    fs.symlinkSync('2024-05-16-inside.md', path.join(root, 'content/2024/2024-05-15-leak.md'));
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    expect(everything(path.join(root, 'dist'))).toContain('hunter2');
  });
});

describe('folders and files that cannot be read', () => {
  it('reports an unreadable folder in content/ with its path, and still reads the rest', async () => {
    const root = makeSite({
      'content/2024/2024-05-14-ok.md': '---\ntitle: 可读\ndate: 2024-05-14\n---\n正文。\n',
      'content/locked/2024-05-15-hidden.md': '---\ntitle: 不可读\ndate: 2024-05-15\n---\n正文。\n',
    });
    // Permissions cannot be tested as root (CI containers often are), so the refusal is simulated.
    const real = fs.readdirSync;
    vi.spyOn(fs, 'readdirSync').mockImplementation(((dir: fs.PathLike, options?: unknown) => {
      if (String(dir).endsWith(`${path.sep}locked`)) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return real(dir, options as never);
    }) as typeof fs.readdirSync);
    const result = await buildSite(root, { write: false });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'content/locked could not be read (EACCES). Check that the folder and its files can be opened by the account running bulletin.',
    ]);
    expect(result.bulletinsRead).toBe(1);
  });
});

describe('web pages and scripts in content/', () => {
  it('leaves them out of the site with a warning, even when nothing links to them', async () => {
    const root = makeSite({
      'content/2024/2024-05-14-ok.md': '---\ntitle: 通知\ndate: 2024-05-14\n---\n见[附件](form.pdf)。\n',
      'content/2024/form.pdf': '%PDF-1.4\n',
      'content/2024/page.html': '<script>alert(1)</script>',
      'content/2024/tool.js': 'alert(1)',
    });
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => d.file)).toEqual(['content/2024/page.html', 'content/2024/tool.js']);
    const published = listFiles(path.join(root, 'dist'));
    expect(published).toContain('2024/form.pdf');
    expect(published.filter((f) => /page\.html|tool\.js/.test(f))).toEqual([]);
  });
});
