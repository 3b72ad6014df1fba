import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodedSize, encodePostings, MAX_WEIGHT } from '../../src/search/posting-codec.js';
import { decodePostings } from '../../templates/assets/search/engine.js';

describe('the postings codec (Node writes, the browser reads)', () => {
  it('writes small gaps and weights in one character each', () => {
    const text = (ids: number[], weights: number[]) => encodePostings(ids, weights).toString('latin1');
    expect(text([0, 1, 3], [5, 31, 1])).toBe('051V21');
    expect(text([31], [0])).toBe('V0');
    expect(text([32], [0])).toBe('X00'); // 32 = 1·32 + 0: a continuation digit, then a final one
    expect(text([32 * 32 + 5], [2])).toBe('XW52');
    expect(encodedSize([32 * 32 + 5])).toBe(4);
  });

  it('round-trips any ascending ids with weights up to MAX_WEIGHT', () => {
    const postings = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 0, max: MAX_WEIGHT })), { maxLength: 200 })
      .map((pairs) => {
        let id = -1;
        return { ids: pairs.map(([gap]) => (id += gap)), weights: pairs.map(([, w]) => w) };
      });
    fc.assert(
      fc.property(postings, (p) => {
        const bytes = encodePostings(p.ids, p.weights);
        expect(bytes.length).toBe(encodedSize(p.ids));
        expect(decodePostings(bytes.toString('latin1'))).toEqual(p);
      }),
    );
  });

  it('refuses text that is not postings, rather than return wrong documents', () => {
    expect(() => decodePostings('05"1')).toThrow(/Corrupt search index/);
  });
});
