import { describe, expect, it } from 'vitest';
import { ownBytes } from '../../src/util/own-bytes.js';

describe('ownBytes', () => {
  it('gives the UTF-8 bytes of short and long text, each in an ArrayBuffer of exactly their length', () => {
    for (const text of ['', '短', '<p>一段文字</p>', '云'.repeat(5000), 'a'.repeat(100_000)]) {
      const bytes = ownBytes(text);
      expect(Buffer.from(bytes).toString('utf8')).toBe(text);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(bytes.length);
    }
  });

  it('can be transferred without detaching the buffer other short Buffers share', () => {
    const before = Buffer.from('前一个', 'utf8');
    const bytes = ownBytes('短页');
    structuredClone(bytes, { transfer: [bytes.buffer as ArrayBuffer] });
    expect(bytes.length).toBe(0); // moved
    expect(before.toString('utf8')).toBe('前一个');
    expect(Buffer.from('后一个', 'utf8').toString('utf8')).toBe('后一个');
  });
});
