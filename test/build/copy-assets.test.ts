import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyAssets } from '../../src/build.js';
import { builtinTemplatesDir } from '../../src/config/resolve-config.js';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-assets-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

describe('copyAssets', () => {
  it('never names bulletin’s built-in assets as files to rename, even when bulletin is installed inside the site folder', () => {
    // The site folder holds bulletin's own install (as with `npm install bulletin` in it): the built-in
    // templates then lie inside the site folder, yet they are not the site's to rename.
    const root = path.dirname(path.dirname(builtinTemplatesDir));
    const files = copyAssets({ root, templatesDir: builtinTemplatesDir });
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f.source).toBeUndefined();
      expect(f.origin).toBe(`bulletin's built-in templates/${f.path}`);
    }
  });

  it('names the site’s own assets by their path from the site folder, sub-folders included', () => {
    const root = path.join(temp, 'site');
    fs.mkdirSync(path.join(root, 'templates', 'assets', 'icons'), { recursive: true });
    fs.writeFileSync(path.join(root, 'templates', 'assets', 'site.css'), 'body{}');
    fs.writeFileSync(path.join(root, 'templates', 'assets', 'icons', 'print.svg'), '<svg/>');
    const files = copyAssets({ root, templatesDir: path.join(root, 'templates') });
    expect(files.map((f) => [f.path, f.source, f.origin])).toEqual([
      ['assets/icons/print.svg', 'templates/assets/icons/print.svg', 'templates/assets/icons/print.svg'],
      ['assets/site.css', 'templates/assets/site.css', 'templates/assets/site.css'],
    ]);
  });
});
