import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadAhead, type FileToRead, type ReadResult } from '../../src/content/read-ahead.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-read-ahead-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `n` files whose text is their number, 10 bytes each. */
function files(n: number): FileToRead[] {
  return Array.from({ length: n }, (_, i) => {
    const absPath = path.join(dir, `f${i}.md`);
    fs.writeFileSync(absPath, String(i).padStart(10, '0'));
    return { absPath, size: 10 };
  });
}

const text = (r: ReadResult) => ('bytes' in r ? Buffer.from(r.bytes).toString() : `error: ${r.error.message}`);

async function takeAll(reader: ReadAhead, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(text(await reader.next()));
  return out;
}

describe('ReadAhead', () => {
  it('gives every file in order, read on this thread while reads are quick', async () => {
    const list = files(40);
    const async = vi.spyOn(fs, 'readFile');
    const reader = new ReadAhead(list, { slowReadMs: 1e9 });
    expect(await takeAll(reader, 40)).toEqual(list.map((_, i) => String(i).padStart(10, '0')));
    expect(reader.readingAhead).toBe(false);
    expect(async).not.toHaveBeenCalled();
  });

  it('reads ahead through the thread pool once reads are slow, and still gives every file in order', async () => {
    const list = files(40);
    const async = vi.spyOn(fs, 'readFile');
    const reader = new ReadAhead(list, { slowReadMs: -1 }); // every read counts as slow
    const first = await takeAll(reader, 16);
    expect(reader.readingAhead).toBe(true);
    expect(async).toHaveBeenCalled();
    const rest = await takeAll(reader, 24);
    expect([...first, ...rest]).toEqual(list.map((_, i) => String(i).padStart(10, '0')));
    // The first 16 were read here; only the rest went through the pool, each once.
    expect(async.mock.calls.map((c) => c[0])).toEqual(list.slice(16).map((f) => f.absPath));
  });

  it('keeps at most the given number of files and bytes ahead of the caller', async () => {
    const list = files(10);
    const async = vi.spyOn(fs, 'readFile');
    const byFiles = new ReadAhead(list, { aheadFromStart: true, files: 3 });
    expect(async).toHaveBeenCalledTimes(3);
    await byFiles.next();
    expect(async).toHaveBeenCalledTimes(4);
    async.mockClear();
    new ReadAhead(list, { aheadFromStart: true, bytes: 25 });
    expect(async).toHaveBeenCalledTimes(2);
    async.mockClear();
    // A file larger than the byte bound is still read when it is the next one taken.
    const big = new ReadAhead([{ ...list[0]!, size: 1000 }, ...list.slice(1)], { aheadFromStart: true, bytes: 25 });
    expect(async).toHaveBeenCalledTimes(1);
    expect(text(await big.next())).toBe('0000000000');
  });

  it('hands a failed read over as an error in its turn, without rejecting before it is taken', async () => {
    const list = files(3);
    fs.rmSync(list[1]!.absPath);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      for (const aheadFromStart of [false, true]) {
        const reader = new ReadAhead(list, { aheadFromStart });
        await new Promise((resolve) => setTimeout(resolve, 20)); // the failed read settles before it is asked for
        const got = await takeAll(reader, 3);
        expect(got[0]).toBe('0000000000');
        expect(got[1]).toMatch(/^error: ENOENT/);
        expect(got[2]).toBe('0000000002');
      }
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('refuses to give more files than it was given', async () => {
    const reader = new ReadAhead(files(1));
    await reader.next();
    await expect(reader.next()).rejects.toThrow(/already taken/);
  });
});
