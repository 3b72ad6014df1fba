import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheStore, readShard } from '../../src/cache/store.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-cache-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const fill = (store: CacheStore<unknown>, n: number) => {
  for (let i = 0; i < n; i++) store.set(`key-${i}`, { i, terms: new Uint32Array([i, i + 1]) });
};

/** A lazy section over few shards, so that 100 keys fill every one of them. */
const lazy = () => new CacheStore<unknown>('test', () => true, { lazy: true, shards: 8 });

describe('the cache store', () => {
  it('reads back what it saved, typed arrays included', () => {
    const dir = tempDir();
    const store = new CacheStore<unknown>('test');
    fill(store, 100);
    store.save(dir);
    const again = new CacheStore<unknown>('test');
    again.load(dir);
    expect(again.rejected).toBe(0);
    expect(again.size).toBe(100);
    expect(again.get('key-42')).toEqual({ i: 42, terms: new Uint32Array([42, 43]) });
  });

  it('writes the same files in the background (saveAsync) as in place (save), removing emptied shards alike', async () => {
    const [inPlace, background] = [tempDir(), tempDir()];
    const stores = [lazy(), lazy()];
    for (const store of stores) fill(store, 100);
    stores[0]!.save(inPlace);
    await stores[1]!.saveAsync(background);
    const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
    expect(Object.keys(read(background))).toHaveLength(8);
    expect(read(background)).toEqual(read(inPlace));
    // Emptying a shard removes its file.
    for (const store of stores) store.retain((key) => key === 'key-1', []);
    stores[0]!.save(inPlace);
    await stores[1]!.saveAsync(background);
    expect(Object.keys(read(background))).toHaveLength(1);
    expect(read(background)).toEqual(read(inPlace));
  });

  it('keeps the shards a failed background save did not write as changed, so the next save writes them', async () => {
    const dir = tempDir();
    const store = new CacheStore<unknown>('test', () => true, { shards: 4 });
    fill(store, 40);
    // The first shard written is slow and the other three fail while it is awaited: each failure must
    // be caught where it happens, never left as an unhandled rejection (vitest reports those).
    const realWrite = fs.promises.writeFile;
    let calls = 0;
    const slow = vi.spyOn(fs.promises, 'writeFile').mockImplementation(async (...args: Parameters<typeof fs.promises.writeFile>) => {
      if (++calls === 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return realWrite(...args);
      }
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    await expect(store.saveAsync(dir)).rejects.toThrow('ENOSPC');
    slow.mockRestore();
    for (const file of fs.readdirSync(dir)) fs.rmSync(path.join(dir, file));
    store.save(dir);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bin')).sort()).toEqual(['test-0.bin', 'test-1.bin', 'test-2.bin', 'test-3.bin']);
    const again = new CacheStore<unknown>('test', () => true, { shards: 4 });
    again.load(dir);
    expect(again.size).toBe(40);
  });

  it('writes the whole shard when the disk takes fewer bytes than asked at a time', async () => {
    const dir = tempDir();
    const store = new CacheStore<unknown>('test', () => true, { shards: 2 });
    fill(store, 40);
    // At most 7 bytes a call: the header and the payload are each written in several pieces.
    const realWrite = fs.writeSync as (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
    const short = vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset = 0, length = buffer.length - offset) =>
      realWrite(fd, buffer, offset, Math.min(7, length))) as typeof fs.writeSync);
    store.save(dir);
    expect(short.mock.calls.length).toBeGreaterThan(10);
    short.mockRestore();
    const again = new CacheStore<unknown>('test', () => true, { shards: 2 });
    again.load(dir);
    expect(again.size).toBe(40);
    expect(again.rejected).toBe(0);
  });

  it('ignores a shard file that was truncated, altered or written by another version', () => {
    const dir = tempDir();
    const store = new CacheStore<unknown>('test');
    fill(store, 100);
    store.save(dir);
    const files = fs.readdirSync(dir).sort();
    const [truncated, flipped, versioned] = files.map((f) => path.join(dir, f));
    fs.writeFileSync(truncated!, fs.readFileSync(truncated!).subarray(0, 40));
    const bytes = fs.readFileSync(flipped!);
    bytes[bytes.length - 3] ^= 0xff;
    fs.writeFileSync(flipped!, bytes);
    fs.writeFileSync(versioned!, fs.readFileSync(versioned!).toString('latin1').replace(/^(bulletin-cache \d+ )\S+/, '$10.0.0-other'), 'latin1');
    const again = new CacheStore<unknown>('test');
    again.load(dir);
    expect(again.rejected).toBe(3);
    expect(again.size).toBeLessThan(100);
    expect(again.size).toBeGreaterThan(0);
    expect(readShard(Buffer.from('not a cache at all'))).toBeUndefined();
  });

  it('drops entries whose shape is not what the reader expects', () => {
    const dir = tempDir();
    const store = new CacheStore<unknown>('test');
    store.set('good', { html: 'x' });
    store.set('bad', { html: 3 });
    store.save(dir);
    const again = new CacheStore<{ html: string }>('test', (v) => typeof (v as { html?: unknown }).html === 'string');
    again.load(dir);
    expect(again.get('good')).toEqual({ html: 'x' });
    expect(again.get('bad')).toBeUndefined();
  });

  it('forgets entries a build did not use, and rewrites only the shards that changed', () => {
    const dir = tempDir();
    const store = new CacheStore<unknown>('test');
    fill(store, 100);
    store.prune();
    store.save(dir);
    const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));
    for (let i = 0; i < 99; i++) store.get(`key-${i}`);
    store.prune();
    expect(store.size).toBe(99);
    store.save(dir);
    const changed = fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).mtimeMs !== before.get(f));
    expect(changed.length).toBeLessThanOrEqual(1);
    const again = new CacheStore<unknown>('test');
    again.load(dir);
    expect(again.size).toBe(99);
  });

  it('counts a damaged shard of a lazy section as rejected when it is read, once, and not before', () => {
    const dir = tempDir();
    const store = lazy();
    fill(store, 100);
    store.save(dir);
    for (const f of fs.readdirSync(dir)) fs.writeFileSync(path.join(dir, f), 'damaged');
    const again = lazy();
    again.load(dir);
    expect(again.rejected).toBe(0);
    expect(again.get('key-42')).toBeUndefined();
    expect(again.rejected).toBe(1);
    expect(again.get('key-42')).toBeUndefined();
    expect(again.rejected).toBe(1);
    // Every key, so every shard: each damaged file counted once.
    for (let i = 0; i < 100; i++) again.get(`key-${i}`);
    expect(again.rejected).toBe(fs.readdirSync(dir).length);
  });

  it('reads a lazy section one shard at a time, when a key of it is asked for', () => {
    const dir = tempDir();
    const store = lazy();
    fill(store, 100);
    store.save(dir);
    const again = lazy();
    again.load(dir);
    expect(again.size).toBe(0);
    expect(again.get('key-42')).toEqual({ i: 42, terms: new Uint32Array([42, 43]) });
    expect(again.size).toBeGreaterThan(0);
    expect(again.rejected).toBe(0);
    expect(again.size).toBeLessThan(100);

    // A value set without its shard being read: the shard's other values survive the save.
    const writer = lazy();
    writer.load(dir);
    writer.set('key-new', { i: -1 });
    expect(writer.size).toBe(1);
    writer.save(dir);
    const all = new CacheStore<unknown>('test', () => true, { shards: 8 });
    all.load(dir);
    expect(all.size).toBe(101);
  });


  it('forgets the values of a lazy section once saved, reads them back when asked, and keeps a changed shard whole', async () => {
    const dir = tempDir();
    const store = lazy();
    store.load(dir);
    fill(store, 100);
    await store.saveAsync(dir);
    store.evict();
    expect(store.size).toBe(0);
    expect(store.get('key-42')).toEqual({ i: 42, terms: new Uint32Array([42, 43]) });
    expect(store.size).toBeLessThan(100);

    // Changed after its save: not written yet, so not forgotten; the next save still has every value.
    store.set('key-new', { i: -1 });
    store.evict();
    expect(store.get('key-new')).toEqual({ i: -1 });
    store.save(dir);
    const all = new CacheStore<unknown>('test', () => true, { shards: 8 });
    all.load(dir);
    expect(all.size).toBe(101);
    expect(all.get('key-7')).toEqual({ i: 7, terms: new Uint32Array([7, 8]) });
  });
  it('prunes a lazy section by the keys another section keeps, rewriting only the shards it read', () => {
    const dir = tempDir();
    const store = lazy();
    fill(store, 100);
    store.save(dir);
    const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    const again = lazy();
    again.load(dir);
    again.retain((key) => key !== 'key-7', ['key-7']);
    again.save(dir);
    const changed = fs.readdirSync(dir).filter((f) => !before.get(f)!.equals(fs.readFileSync(path.join(dir, f))));
    expect(changed).toHaveLength(1);
    const third = lazy();
    third.load(dir);
    expect(third.get('key-7')).toBeUndefined();
    expect(third.get('key-8')).toBeDefined();
  });
});

