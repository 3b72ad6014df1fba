import type { Bulletin } from '../../content/bulletin.js';

export interface RelatedWeights {
  text: number;
  tags: number;
  agency: number;
  date: number;
}

export interface RelatedOptions {
  count: number;
  weights: RelatedWeights;
}

/**
 * Related bulletins for every bulletin, by shared tags, then same agency, then nearness in date.
 * `eligible[i]` says whether bulletin i may appear in others' lists (published and not withdrawn).
 * Pinned entries (already resolved) come first. Returns indices into `bulletins`.
 */
export function computeRelated(
  bulletins: readonly Bulletin[],
  eligible: readonly boolean[],
  pinned: readonly number[][],
  options: RelatedOptions,
): number[][] {
  const byTag = new Map<string, number[]>();
  bulletins.forEach((b, i) => {
    if (!eligible[i]) return;
    for (const tag of b.tags) byTag.set(tag, [...(byTag.get(tag) ?? []), i]);
  });
  const yearMs = 365 * 24 * 3600 * 1000;
  return bulletins.map((b, i) => {
    const scores = new Map<number, number>();
    for (const tag of b.tags) for (const j of byTag.get(tag) ?? []) if (j !== i) scores.set(j, (scores.get(j) ?? 0) + options.weights.tags);
    for (const [j] of scores) {
      const other = bulletins[j]!;
      let s = scores.get(j)!;
      if (other.agency === b.agency) s += options.weights.agency;
      s += options.weights.date / (1 + Math.abs(other.date.epochMs - b.date.epochMs) / yearMs);
      scores.set(j, s);
    }
    const ranked = [...scores.entries()]
      .sort((x, y) => y[1] - x[1] || bulletins[y[0]]!.date.epochMs - bulletins[x[0]]!.date.epochMs || cmp(bulletins[x[0]]!.slug, bulletins[y[0]]!.slug))
      .map(([j]) => j);
    const pins = pinned[i] ?? [];
    return [...pins, ...ranked.filter((j) => !pins.includes(j))].slice(0, Math.max(options.count, pins.length));
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
