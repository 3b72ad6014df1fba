import { describe, expect, it } from 'vitest';
import { buildPostings, forEachNear } from '../../../src/site/related/postings.js';

describe('buildPostings and forEachNear', () => {
  // Ten bulletins numbered by rank (newest first). Even ranks have key 0, every rank has key 1.
  const eligible = Array.from({ length: 10 }, (_, r) => r !== 2);
  const postings = buildPostings(2, eligible, (r, emit) => {
    if (r % 2 === 0) emit(0);
    emit(1);
  });
  const near = (key: number, rank: number, width: number) => {
    const seen: number[] = [];
    forEachNear(postings, key, rank, width, (r) => seen.push(r));
    return seen;
  };

  it('keeps each list in rank order and leaves out bulletins that may not be listed', () => {
    // Rank 2 may not be listed.
    expect([...postings.rank.subarray(postings.start[0], postings.start[1])]).toEqual([0, 4, 6, 8]);
    expect([...postings.rank.subarray(postings.start[1], postings.start[2])]).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('visits the nearest on each side, never the bulletin itself, never more than the width', () => {
    expect(near(1, 5, 2)).toEqual([3, 4, 6, 7]);
    expect(near(1, 0, 3)).toEqual([1, 3, 4]);
    expect(near(1, 9, 2)).toEqual([7, 8]);
    // A rank not in the list (here an ineligible bulletin) still finds its neighbours.
    expect(near(1, 2, 1)).toEqual([1, 3]);
    expect(near(0, 4, 10)).toEqual([0, 6, 8]);
  });
});
