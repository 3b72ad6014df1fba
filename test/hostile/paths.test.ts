/** Paths that would reach outside the site: links out of content/ are never read or published. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, cleanupSites, listFiles } from '../helpers/site.js';
import { prepareHostileSite } from './hostile-site.js';

afterAll(cleanupSites);

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
