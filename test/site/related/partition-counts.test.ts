import { describe, expect, it } from 'vitest';
import { PartitionCounts } from '../../../src/site/related/partition-counts.js';

describe('PartitionCounts', () => {
  it('counts occurrences per hash through growth, and says when slots have moved', () => {
    const counts = new PartitionCounts();
    const slotOfOne = counts.increment(1);
    counts.increment(1);
    expect(counts.at(slotOfOne)).toBe(2);
    const before = counts.generation;
    // Far more distinct hashes than the starting table holds at half load.
    for (let id = 2; id < 50_000; id++) for (let k = 0; k < id % 3; k++) counts.increment(Math.imul(id, 2654435761) || 1);
    expect(counts.generation).toBeGreaterThan(before);
    expect(counts.get(1)).toBe(2);
    expect(counts.get(Math.imul(4, 2654435761))).toBe(1);
    expect(counts.get(Math.imul(5, 2654435761))).toBe(2);
    expect(counts.get(Math.imul(6, 2654435761))).toBe(0);
    expect(counts.get(123)).toBe(0);
  });

  it('forgets everything on clear', () => {
    const counts = new PartitionCounts();
    counts.increment(7);
    counts.clear();
    expect(counts.get(7)).toBe(0);
    expect(counts.at(counts.increment(7))).toBe(1);
  });
});
