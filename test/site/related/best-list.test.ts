import { describe, expect, it } from 'vitest';
import { BestList } from '../../../src/site/related/best-list.js';

describe('BestList', () => {
  it('keeps the highest scores, ties to the lower index, whatever the order they come in', () => {
    const offers: [item: number, score: number][] = [
      [4, 0.5],
      [2, 0.9],
      [3, 0.5],
      [1, 0.1],
      [0, 0.5],
    ];
    for (const order of [offers, [...offers].reverse(), [offers[2]!, offers[0]!, offers[4]!, offers[1]!, offers[3]!]]) {
      const best = new BestList(5);
      best.reset(3);
      for (const [item, score] of order) best.offer(item, score);
      expect(best.toArray()).toEqual([2, 0, 3]);
    }
  });

  it('holds nothing when its capacity is zero or less (all places taken by pinned ones)', () => {
    const best = new BestList(2);
    best.reset(-1);
    best.offer(1, 1);
    expect(best.toArray()).toEqual([]);
  });
});
