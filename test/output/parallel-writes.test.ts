import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParallelWrites } from '../../src/output/parallel-writes.js';
import { SiteWriter, writeSite, type OutputFile } from '../../src/output/write-site.js';
import { listFiles } from '../helpers/site.js';

const made: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-writes-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A site-shaped set of files: pages in nested year/month/slug folders, some sharing a folder. */
const siteFiles = (n: number): OutputFile[] =>
  Array.from({ length: n }, (_, i) => {
    const folder = `${2020 + (i % 3)}/${String(1 + (i % 12)).padStart(2, '0')}/page-${i}`;
    return { path: i % 5 === 0 ? `${folder}/data.json` : `${folder}/index.html`, content: `<p>page ${i}</p>\n`.repeat(1 + (i % 7)), origin: `page ${i}` };
  });

describe('parallel writes', () => {
  it('writes every file with its bytes, making each folder before what goes in it', async () => {
    const root = tempDir();
    const writes = new ParallelWrites(4);
    const files = siteFiles(300);
    for (const f of files) writes.write(path.join(root, f.path), Buffer.from(f.content as string));
    await writes.settled(0);
    expect(writes.error).toBeUndefined();
    expect(listFiles(root).sort()).toEqual(files.map((f) => f.path).sort());
    for (const f of files) expect(fs.readFileSync(path.join(root, f.path), 'utf8')).toBe(f.content);
  });

  it('settles `settled(n)` once at most n writes wait, and `settled(0)` only when all are on disk', async () => {
    const root = tempDir();
    const writes = new ParallelWrites(2);
    for (const f of siteFiles(100)) writes.write(path.join(root, f.path), Buffer.from(f.content as string));
    await writes.settled(10);
    const onDisk = listFiles(root).length;
    expect(onDisk).toBeGreaterThanOrEqual(100 - 10 - 2); // all but ≤10 waiting and ≤2 in flight
    await writes.settled(0);
    expect(listFiles(root)).toHaveLength(100);
  });

  it('keeps the first failure, writes nothing more, and throws it on the next write', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'blocker'), 'a file where a folder is wanted');
    const writes = new ParallelWrites(1);
    writes.write(path.join(root, 'blocker/index.html'), Buffer.from('x'));
    for (let i = 0; i < 20; i++) writes.write(path.join(root, `later/${i}.html`), Buffer.from('y'));
    await writes.settled(0);
    expect((writes.error as NodeJS.ErrnoException | undefined)?.code).toMatch(/ENOTDIR|EEXIST/);
    // Queued after the failure: dropped (at most the one started alongside it got through).
    expect(fs.existsSync(path.join(root, 'later')) ? fs.readdirSync(path.join(root, 'later')).length : 0).toBeLessThanOrEqual(1);
    expect(() => writes.write(path.join(root, 'more.html'), Buffer.from('z'))).toThrow(writes.error!.message);
  });
});

describe('the writer in parallel mode', () => {
  it('builds the same folder, bytes and manifest as the one-at-a-time writer', async () => {
    const files = siteFiles(400);
    const one = path.join(tempDir(), 'dist');
    writeSite(one, files);
    const two = path.join(tempDir(), 'dist');
    const writer = new SiteWriter(two, { parallel: true });
    files.forEach((f) => writer.add(f));
    await writer.ready();
    expect(writer.commit()).toEqual({ written: 400, unchanged: 0, removed: 0 });
    const all = listFiles(one).sort();
    expect(listFiles(two).sort()).toEqual(all);
    for (const rel of all) expect(fs.readFileSync(path.join(two, rel)).equals(fs.readFileSync(path.join(one, rel)))).toBe(true);
  });

  it('links unchanged files into a new folder on the thread pool, writes changed ones, and rewrites one edited by hand', async () => {
    const out = path.join(tempDir(), 'dist');
    const files = siteFiles(300);
    writeSite(out, files);
    const inode = (rel: string) => fs.statSync(path.join(out, rel)).ino;
    const before = new Map(files.map((f) => [f.path, inode(f.path)] as const));
    // Someone replaced a page by hand (another size): the manifest no longer describes it.
    fs.writeFileSync(path.join(out, files[7]!.path), 'edited by hand, and longer than the page was');
    const next = files.map((f, i) => (i === 150 ? { ...f, content: 'changed' } : f));
    // The first swap since `out` was written: no retired folder to reuse, so every unchanged file is linked.
    const writer = new SiteWriter(out, { parallel: true });
    next.forEach((f) => writer.add(f));
    await writer.ready();
    expect(writer.commit()).toEqual({ written: 2, unchanged: 298, removed: 0 });
    for (const [i, f] of next.entries()) {
      expect(fs.readFileSync(path.join(out, f.path), 'utf8')).toBe(f.content);
      // Linked: the very file of the previous build (its modification time kept); written: a new one.
      if (i === 7 || i === 150) expect(inode(f.path)).not.toBe(before.get(f.path));
      else expect(inode(f.path)).toBe(before.get(f.path));
    }
  });

  it('refuses to commit while files are still being written', async () => {
    const out = path.join(tempDir(), 'dist');
    const writer = new SiteWriter(out, { parallel: true });
    siteFiles(200).forEach((f) => writer.add(f));
    expect(() => writer.commit()).toThrow(/before ready/);
    await writer.ready();
    expect(writer.commit().written).toBe(200);
    expect(listFiles(out)).toHaveLength(201); // and the manifest
  });

  it('discarding with writes queued and in flight removes the temporary folder and leaves the output as it was', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    writeSite(out, [{ path: 'index.html', content: 'the live site', origin: 'test' }]);
    const writer = new SiteWriter(out, { parallel: true });
    siteFiles(500).forEach((f) => writer.add(f));
    // Writes are in flight now; the temporary folder must go only once they have finished.
    await writer.discard();
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    expect(listFiles(out).sort()).toEqual(['.bulletin/manifest.json', 'index.html']);
  });

  it('a write that failed fails the commit, which leaves the output folder as it was', async () => {
    const parent = tempDir();
    const out = path.join(parent, 'dist');
    writeSite(out, [{ path: 'index.html', content: 'the live site', origin: 'test' }]);
    const writer = new SiteWriter(out, { parallel: true, ignorePrevious: true });
    // A file and a folder of one name: the second cannot be made.
    writer.add({ path: 'a', content: 'file', origin: 'one' });
    await writer.ready();
    writer.add({ path: 'a/index.html', content: 'page', origin: 'two' });
    await writer.ready();
    expect(() => writer.commit()).toThrow(/ENOTDIR|EEXIST/);
    expect(fs.readdirSync(parent)).toEqual(['dist']);
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('the live site');
  });
});
