import { describe, expect, it } from 'vitest';
import { hashPair, hashTerm, termVector, TITLE_WEIGHT, type TermVector } from '../../../src/site/related/term-vector.js';

/** A vector as term → count, for terms named by the test. */
const countsOf = (v: TermVector, terms: string[]) => Object.fromEntries(terms.map((t) => [t, v.counts[v.ids.indexOf(hashTerm(t))] ?? 0]));

describe('termVector', () => {
  it('splits Chinese into overlapping bigrams and English into words, without stop words', () => {
    const v = termVector('', '垃圾分类 and the Recycling');
    expect(countsOf(v, ['垃圾', '圾分', '分类', 'recycling', 'and', 'the'])).toEqual({ 垃圾: 1, 圾分: 1, 分类: 1, recycling: 1, and: 0, the: 0 });
    expect(v.ids.length).toBe(4);
  });

  it('counts a term in the title three times and one in the body once', () => {
    expect(TITLE_WEIGHT).toBe(3);
    const v = termVector('Budget report', 'The budget was approved. Budget day.');
    expect(countsOf(v, ['budget', 'report', 'approved', 'day'])).toEqual({ budget: 3 + 2, report: 3, approved: 1, day: 1 });
  });

  it('keeps each term once, in ascending hash order, so equal texts give equal vectors', () => {
    const v = termVector('明川市 明川市', '明川市召开会议');
    expect([...v.ids]).toEqual([...new Set(v.ids)].sort((a, b) => a - b));
    expect(termVector('明川市 明川市', '明川市召开会议')).toEqual(v);
  });

  it('gives an empty vector for empty text', () => {
    expect(termVector('', '')).toEqual({ ids: new Int32Array(0), counts: new Float32Array(0) });
  });
});

describe('hashTerm', () => {
  it('is stable across builds and machines (cached vectors depend on it)', () => {
    expect(hashTerm('明川')).toBe(905590200);
    expect(hashTerm('budget')).toBe(802983597);
  });

  it('spreads the bigrams of a real text without collisions and never returns 0', () => {
    const terms = new Set<string>();
    const text = '明川市人民政府办公室关于印发大气污染防治行动方案的通知各区人民政府市政府各部门现将方案印发给你们请认真贯彻执行';
    for (let i = 0; i + 1 < text.length; i++) terms.add(text.slice(i, i + 2));
    const hashes = new Set([...terms].map(hashTerm));
    expect(hashes.size).toBe(terms.size);
    expect(hashes.has(0)).toBe(false);
  });

  it('hashes a pair of code units as it hashes the two-character string (bigrams are never made into strings)', () => {
    const text = '明川市人民政府办公室关于印发ＡＢ12ab𠀀😀';
    for (let i = 0; i + 1 < text.length; i++) {
      const [a, b] = [text.charCodeAt(i), text.charCodeAt(i + 1)];
      expect(hashPair(a, b)).toBe(hashTerm(String.fromCharCode(a, b)));
    }
    expect(hashPair(0, 0)).toBe(hashTerm('\0\0'));
  });
});
