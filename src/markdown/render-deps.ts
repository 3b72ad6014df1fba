import type { RenderContext } from './render-context.js';

/** The site's link tables, shared by every bulletin's context in one build. */
export interface SiteLinks {
  bulletinUrls: ReadonlyMap<string, string>;
  /** Content path → what an unpublished bulletin is ("a draft"), for link errors. */
  unpublished: ReadonlyMap<string, string>;
  attachments: ReadonlySet<string>;
}

type Table = 'bulletinUrls' | 'unpublished' | 'attachments';

/**
 * One question a bulletin's rendering asked about the rest of the site, with the answer it got:
 * `[table, contentPath, answer]` (a permalink, a description or null; for attachments, whether the
 * file exists). A cached rendering is still right exactly when every question it asked gets the same
 * answer now, so adding a bulletin re-renders only the bulletins that link to it, not all of them.
 */
export type RenderDep = [table: Table, key: string, answer: string | boolean | null];

/**
 * The site's link tables wrapped so that every lookup is recorded. Iterating a whole table cannot be
 * narrowed to answers, so it marks the rendering as depending on everything (`deps()` gives null).
 */
export function recordingLinks(links: SiteLinks): { context: Pick<RenderContext, Table>; deps: () => RenderDep[] | null } {
  const deps: RenderDep[] = [];
  let whole = false;
  const everything = <T>(value: T): T => ((whole = true), value);
  const recordMap = (table: 'bulletinUrls' | 'unpublished'): ReadonlyMap<string, string> => {
    const map = links[table];
    return {
      get: (key: string) => {
        const value = map.get(key);
        deps.push([table, key, value ?? null]);
        return value;
      },
      has: (key: string) => {
        deps.push([table, key, map.get(key) ?? null]);
        return map.has(key);
      },
      get size() {
        return everything(map.size);
      },
      forEach: (fn, thisArg) => everything(map).forEach(fn, thisArg),
      entries: () => everything(map).entries(),
      keys: () => everything(map).keys(),
      values: () => everything(map).values(),
      [Symbol.iterator]: () => everything(map)[Symbol.iterator](),
    };
  };
  const files = links.attachments;
  const attachments = {
    has: (key: string) => {
      const value = files.has(key);
      deps.push(['attachments', key, value]);
      return value;
    },
    get size() {
      return everything(files.size);
    },
    forEach: (fn: (v: string, k: string, s: ReadonlySet<string>) => void, thisArg?: unknown) => everything(files).forEach(fn, thisArg),
    entries: () => everything(files).entries(),
    keys: () => everything(files).keys(),
    values: () => everything(files).values(),
    [Symbol.iterator]: () => everything(files)[Symbol.iterator](),
  } as ReadonlySet<string>;
  return {
    context: { bulletinUrls: recordMap('bulletinUrls'), unpublished: recordMap('unpublished'), attachments },
    deps: () => (whole ? null : deps),
  };
}

/** True when every recorded question still gets the answer it got (null deps: never). */
export function depsHold(deps: readonly RenderDep[] | null, links: SiteLinks): boolean {
  if (!deps) return false;
  for (const [table, key, answer] of deps) {
    const now = table === 'attachments' ? links.attachments.has(key) : (links[table].get(key) ?? null);
    if (now !== answer) return false;
  }
  return true;
}
