import { describe, expect, it } from 'vitest';
import { BestList } from '../../../src/site/related/best-list.js';

describe('BestList', () => {
  it('keeps the highest scores, ties to the lower rank, whatever the order they come in', () => {
    const offers: [doc: number, rank: number, score: number][] = [
      [10, 4, 0.5],
      [11, 2, 0.9],
      [12, 3, 0.5],
      [13, 1, 0.1],
      [14, 0, 0.5],
    ];
    for (const order of [offers, [...offers].reverse(), [offers[2]!, offers[0]!, offers[4]!, offers[1]!, offers[3]!]]) {
      const best = new BestList(5);
      best.reset(3);
      for (const [doc, rank, score] of order) best.offer(doc, rank, score);
      expect(best.toArray()).toEqual([11, 14, 12]);
    }
  });

  it('holds nothing when its capacity is zero or less (all places taken by pinned ones)', () => {
    const best = new BestList(2);
    best.reset(-1);
    best.offer(1, 0, 1);
    expect(best.toArray()).toEqual([]);
  });
});
