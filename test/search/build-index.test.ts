import { describe, expect, it } from 'vitest';
import { buildIndex, postingsOf } from '../../src/search/build-index.js';
import { doc } from './make-doc.js';

describe('buildIndex', () => {
  it('lists the documents of each term in id order (newest first), once each however often it occurs', () => {
    const index = buildIndex([doc(0, { text: '创新创新创新' }), doc(1, { text: '无关' }), doc(2, { text: '科技创新' })]);
    expect(postingsOf(index, '创新')!.ids).toEqual([0, 2]);
    expect(postingsOf(index, '技创')!.ids).toEqual([2]);
    expect(postingsOf(index, '没有')).toBeUndefined();
  });

  it('weighs a term more the more often it occurs, and more in the title than in the body', () => {
    const index = buildIndex([
      doc(0, { text: '创新。其他内容' }),
      doc(1, { text: '创新。创新。创新' }),
      doc(2, { title: '创新', text: '其他内容' }),
    ]);
    const w = postingsOf(index, '创新')!.weights;
    expect(w[1]).toBeGreaterThan(w[0]!);
    expect(w[2]).toBeGreaterThan(w[0]!);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(1);
  });

  it('indexes agency and tag names as text, without joining neighbouring names into one run', () => {
    const index = buildIndex([doc(0, { agency: '阳泉市科技局', tags: ['创新', '人才'] })]);
    expect(postingsOf(index, '技局')!.ids).toEqual([0]);
    expect(postingsOf(index, '新人')).toBeUndefined();
  });

  it('indexes the first and last character of each CJK run, so a lone character next to digits is found', () => {
    const index = buildIndex([doc(0, { text: '召开2020年科技创新会议' }), doc(1, { text: '年度' })]);
    expect(postingsOf(index, '年')!.ids).toEqual([0, 1]);
    expect(postingsOf(index, '议')!.ids).toEqual([0]);
    expect(postingsOf(index, '技')).toBeUndefined(); // inside a run: bigrams only
  });

  it('keeps agency and tag postings for filters, and years as id ranges', () => {
    const index = buildIndex([
      doc(0, { agency: '乙局', tags: ['甲'], year: 2025 }),
      doc(1, { agency: '甲局', tags: ['甲', '乙'], year: 2025 }),
      doc(2, { agency: '乙局', tags: [], year: 2023 }),
    ]);
    expect(index.agencies).toEqual([{ name: '乙局', count: 2 }, { name: '甲局', count: 1 }]);
    expect(index.tags).toEqual([{ name: '甲', count: 2 }, { name: '乙', count: 1 }]);
    expect(index.facetPostings.get('#a0')).toEqual([0, 2]);
    expect(index.facetPostings.get('#t1')).toEqual([1]);
    expect(index.years).toEqual([{ year: 2025, first: 0, count: 2 }, { year: 2023, first: 2, count: 1 }]);
  });

  it('refuses documents that are not in date order, since years would not be id ranges', () => {
    expect(() => buildIndex([doc(0, { year: 2024 }), doc(1, { year: 2023 }), doc(2, { year: 2024 })])).toThrow(/not in date order/);
  });
});
