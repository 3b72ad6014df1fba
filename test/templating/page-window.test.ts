import { describe, expect, it } from 'vitest';
import { pageWindow } from '../../src/templating/view-model.js';

/** The window by its definition: every page number, kept when it is first, last or within two of the current one. */
function byDefinition(current: number, total: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= total; n++) {
    if (n === 1 || n === total || Math.abs(n - current) <= 2) out.push(n);
    else if (out.at(-1) !== 0) out.push(0);
  }
  return out;
}

describe('pageWindow', () => {
  it('links first, last and two either side of the current page, with 0 for each gap', () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 10)).toEqual([1, 0, 3, 4, 5, 6, 7, 0, 10]);
    expect(pageWindow(4, 10)).toEqual([1, 2, 3, 4, 5, 6, 0, 10]);
    for (let total = 1; total <= 40; total++) {
      for (let current = 1; current <= total; current++) expect(pageWindow(current, total), `${current}/${total}`).toEqual(byDefinition(current, total));
    }
  });

});
