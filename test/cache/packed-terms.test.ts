import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packedTermsCodec } from '../../src/cache/packed-terms.js';
import { CacheStore } from '../../src/cache/store.js';
import type { StoredTerms } from '../../src/search/index.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const terms = (i: number): StoredTerms => ({
  ids: Uint32Array.from({ length: i % 7 }, (_, k) => i * 100 + k),
  counts: Uint32Array.from({ length: i % 7 }, (_, k) => (k === 0 ? 70_000 : k + 1)),
  length: i * 1.5,
  dictionary: i % 2 ? 'dictionary-a' : 'dictionary-b',
});

const store = () => new CacheStore<StoredTerms>('search', () => true, { lazy: true, shards: 4, codec: packedTermsCodec });

describe('the packed layout of search term lists in the cache', () => {
  it('reads back every list as it was saved, empty ones and large counts included, as views into the file read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-packed-'));
    dirs.push(dir);
    const saved = store();
    for (let i = 0; i < 60; i++) saved.set(`doc-${i}`, terms(i));
    saved.save(dir);

    const read = store();
    read.load(dir);
    for (let i = 0; i < 60; i++) expect(read.get(`doc-${i}`), `doc-${i}`).toEqual(terms(i));
    expect(read.rejected).toBe(0);
    // One buffer per shard file: the lists of a shard share it rather than each holding a copy.
    const buffers = new Set(Array.from({ length: 60 }, (_, i) => read.get(`doc-${i}`)!.ids.buffer));
    expect(buffers.size).toBeLessThanOrEqual(4);
  });

  it('refuses bytes that are not a packed shard, cut short, or with offsets out of order', () => {
    const bytes = Buffer.from(packedTermsCodec.encode([['a', terms(3)], ['b', terms(5)]]));
    expect(packedTermsCodec.decode(bytes)).toHaveLength(2);
    expect(packedTermsCodec.decode(bytes.subarray(0, bytes.length - 4))).toBeUndefined();
    expect(packedTermsCodec.decode(Buffer.from('not a packed shard at all'))).toBeUndefined();
    const otherMark = Buffer.from(bytes);
    otherMark.writeUInt32LE(0x6d726574, 0);
    expect(packedTermsCodec.decode(otherMark)).toBeUndefined();
    // The offsets start after the header words and the serialized part: swap the middle one past the end.
    const metaWords = Math.ceil(bytes.readUInt32LE(12) / 4);
    const broken = Buffer.from(bytes);
    broken.writeUInt32LE(1000, (4 + metaWords + 1) * 4);
    expect(packedTermsCodec.decode(broken)).toBeUndefined();
  });

  it('copies a payload that does not start on a 4-byte boundary instead of misreading it', () => {
    const bytes = Buffer.from(packedTermsCodec.encode([['a', terms(6)]]));
    const shifted = Buffer.alloc(bytes.length + 1);
    bytes.copy(shifted, 1);
    expect(packedTermsCodec.decode(shifted.subarray(1))).toEqual([['a', terms(6)]]);
  });
});
