import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/site/paginate.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('paginate', () => {
  it('splits 90 items into 9 pages of 10, page 1 at the base and page n at base/page/n/', () => {
    const pages = paginate(range(90), 10, '/2024/');
    expect(pages).toHaveLength(9);
    expect(pages.map((p) => p.url)).toEqual(['/2024/', ...range(8).map((i) => `/2024/page/${i + 2}/`)]);
    expect(pages.every((p) => p.items.length === 10 && p.total === 9)).toBe(true);
    expect(pages[8]!.items).toEqual(range(10).map((i) => 80 + i));
    expect(pages[3]!.urls).toBe(pages[0]!.urls);
  });

  it('gives an empty list one empty page, so a new site still has a home page', () => {
    expect(paginate([], 20, '/')).toEqual([{ items: [], page: 1, total: 1, url: '/', urls: ['/'] }]);
  });

  it('puts exactly a page of items on one page, and one more on a second', () => {
    expect(paginate(range(20), 20, '/').map((p) => p.items.length)).toEqual([20]);
    expect(paginate(range(21), 20, '/').map((p) => [p.url, p.items.length])).toEqual([
      ['/', 20],
      ['/page/2/', 1],
    ]);
  });
});
