import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashOf } from '../../src/cache/hash.js';

/** The definition: SHA-1 over each part followed by a NUL, as base64url (one update per part). */
function reference(...parts: (string | Uint8Array)[]): string {
  const h = crypto.createHash('sha1');
  for (const part of parts) h.update(part).update('\0');
  return h.digest('base64url');
}

describe('hashOf', () => {
  it('gives the digest of each part followed by a separator, whether the parts are text or bytes', () => {
    const cases: (string | Uint8Array)[][] = [
      [],
      [''],
      ['', ''],
      ['ab', 'c'],
      ['a', 'bc'],
      ['云岭市科学技术局', '发布日期：2026-11-27'],
      ['x'.repeat(100_000), 'y'],
      // Lone surrogates at the edges of parts are written as U+FFFD whether hashed apart or joined.
      ['\ud83d', '\ude00'],
      ['a\ud83d', '\ude00b'],
      ['😀', 'é\u0000'],
      [Buffer.from('bytes'), 'text'],
      [new Uint8Array([0, 255, 1])],
    ];
    for (const parts of cases) expect(hashOf(...parts), JSON.stringify(parts)).toBe(reference(...parts));
  });

  it('tells apart parts that join to the same text', () => {
    expect(hashOf('ab', 'c')).not.toBe(hashOf('a', 'bc'));
    expect(hashOf('ab')).not.toBe(hashOf('a', 'b'));
    expect(hashOf('\ud83d', '\ude00')).not.toBe(hashOf('\ud83d\ude00'));
  });
});
