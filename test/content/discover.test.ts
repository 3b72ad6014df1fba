import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../../src/content/discover.js';
import { toPosix } from '../../src/util/paths.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A temporary folder holding `files` (relative paths). */
function tree(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-discover-'));
  made.push(dir);
  for (const rel of files) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), '---\ntitle: x\n---\n');
  }
  return dir;
}

/** The paths discover gives, against path.relative's, for every file it lists. */
function paths(root: string, contentDir: string) {
  const { files } = discover(root, contentDir);
  return files.map((f) => ({
    got: [f.file, f.contentPath, f.absPath],
    want: [toPosix(path.relative(root, f.absPath)), toPosix(path.relative(contentDir, f.absPath)), f.absPath],
  }));
}

describe('discover', () => {
  it('names each file relative to the site and to content/, at any depth, as path.relative does', () => {
    const root = tree(['content/a.md', 'content/2025/03/b.md', 'content/2025/c.pdf', 'content/附件/通知 一.md', 'content/z/y/x/w.md']);
    const found = paths(root, path.join(root, 'content'));
    expect(found.map((f) => f.got[0])).toEqual(['content/2025/03/b.md', 'content/2025/c.pdf', 'content/a.md', 'content/z/y/x/w.md', 'content/附件/通知 一.md']);
    for (const f of found) expect(f.got).toEqual(f.want);
  });

  it('does the same when content/ is the site folder itself, or outside it', () => {
    const site = tree(['bulletin.config.yaml', 'a.md', 'sub/b.md']);
    const itself = paths(site, site);
    expect(itself.map((f) => f.got[0])).toEqual(['a.md', 'bulletin.config.yaml', 'sub/b.md']);
    for (const f of itself) expect(f.got).toEqual(f.want);

    const elsewhere = tree(['news/a.md', 'news/2024/b.md']);
    const outside = paths(site, path.join(elsewhere, 'news'));
    expect(outside.map((f) => f.got[1])).toEqual(['2024/b.md', 'a.md']);
    for (const f of outside) expect(f.got).toEqual(f.want);
  });
});
