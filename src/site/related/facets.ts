/** What the related score needs besides text: tags, agency and date, interned to numbers once. */
export interface FacetSource {
  tags: readonly string[];
  agency: string;
  date: { epochMs: number };
}

/** Bulletin i's tag ids are `tagIds[tagStart[i]]` to `tagIds[tagStart[i + 1] - 1]`, each once. */
export interface Facets {
  tagStart: Int32Array;
  tagIds: Int32Array;
  tagCount: number;
  agency: Int32Array;
  agencyCount: number;
  epochMs: Float64Array;
}

const DAY_MS = 24 * 3600 * 1000;
/** Date nearness halves after this many days: releases a month apart are often one story's steps. */
const DATE_SCALE_DAYS = 30;

export function buildFacets(items: readonly FacetSource[]): Facets {
  const tagIndex = new Map<string, number>();
  const agencyIndex = new Map<string, number>();
  const intern = (index: Map<string, number>, key: string) => {
    let id = index.get(key);
    if (id === undefined) index.set(key, (id = index.size));
    return id;
  };
  // Tags differ in case and spacing between editors ("Education", "education "); they mean the same.
  const tagsOf = items.map((b) => [...new Set(b.tags.map((t) => intern(tagIndex, t.trim().toLowerCase())))]);
  const tagStart = new Int32Array(items.length + 1);
  tagsOf.forEach((ids, i) => (tagStart[i + 1] = tagStart[i]! + ids.length));
  return {
    tagStart,
    tagIds: Int32Array.from(tagsOf.flat()),
    tagCount: tagIndex.size,
    agency: Int32Array.from(items, (b) => intern(agencyIndex, b.agency)),
    agencyCount: agencyIndex.size,
    epochMs: Float64Array.from(items, (b) => b.date.epochMs),
  };
}

/** Shared tags as the cosine of the two tag sets: 1 for the same tags, 0 for none in common. */
export function sharedTags(f: Facets, i: number, j: number): number {
  const a0 = f.tagStart[i]!;
  const a1 = f.tagStart[i + 1]!;
  const b0 = f.tagStart[j]!;
  const b1 = f.tagStart[j + 1]!;
  if (a0 === a1 || b0 === b1) return 0;
  let shared = 0;
  for (let a = a0; a < a1; a++) {
    for (let b = b0; b < b1; b++) if (f.tagIds[a] === f.tagIds[b]) shared++;
  }
  return shared / Math.sqrt((a1 - a0) * (b1 - b0));
}

/** 1 on the same day, 0.5 a month apart, falling towards 0 over the years. */
export function dateNearness(f: Facets, i: number, j: number): number {
  return 1 / (1 + Math.abs(f.epochMs[i]! - f.epochMs[j]!) / (DATE_SCALE_DAYS * DAY_MS));
}
