import { createRequire } from 'node:module';
import type { pinyin as Pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();
/** The names slugified since `takeSlugsAsked` was last called: what a build passes on to the next. */
const asked = new Map<string, string>();
const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * pinyin-pro, loaded on first use (its CommonJS build, so synchronously): loading its dictionary costs
 * about 80 ms, and a warm build finds the slugs it needs among those an earlier build passed on.
 */
let pinyinOf: typeof Pinyin | undefined;
const pinyin: typeof Pinyin = ((...args: Parameters<typeof Pinyin>) => {
  pinyinOf ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: typeof Pinyin }).pinyin;
  return pinyinOf(...args);
}) as typeof Pinyin;

/**
 * A stable ASCII URL segment for a name: Latin text is lower-cased and hyphenated, Chinese is
 * transliterated to toneless pinyin (`明川市科学技术局` → `ming-chuan-shi-ke-xue-ji-shu-ju`). The
 * pinyin library is pinned, so the same name always gives the same URL; a config mapping overrides it.
 */
export function slugify(name: string): string {
  let slug = cache.get(name);
  if (slug === undefined) cache.set(name, (slug = slugOf(name)));
  asked.set(name, slug);
  return slug;
}

function slugOf(name: string): string {
  const words = HAS_CJK.test(name) ? pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) : [name];
  return words
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Slugs an earlier build worked out (name, slug), trusted as `slugify`'s own (see cache/build-cache.ts). */
export function knowSlugs(pairs: Iterable<readonly [string, string]>): void {
  for (const [name, slug] of pairs) if (!cache.has(name)) cache.set(name, slug);
}

/** The slug `slugify` gave or was told for `name`, if any, without working one out. */
export function knownSlug(name: string): string | undefined {
  return cache.get(name);
}

/** The names slugified since the last call, with their slugs; starts the count again. */
export function takeSlugsAsked(): Map<string, string> {
  const pairs = new Map(asked);
  asked.clear();
  return pairs;
}

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why `slug` cannot be a URL segment, or undefined when it can. Guards the output folder too. */
export function unsafeSlugReason(slug: string): string | undefined {
  if (slug.length === 0) return 'is empty';
  if (slug.includes('\0')) return 'contains a NUL character';
  if (slug.includes('/') || slug.includes('\\')) return 'contains a slash; a slug is one part of an address';
  if (slug === '..') return 'points to the folder above';
  if (slug === '.') return 'points to the folder itself';
  if (slug.includes('..')) return 'contains ".."';
  if (/^[a-zA-Z]:/.test(slug)) return 'looks like a drive letter';
  if (RESERVED.test(slug)) return 'is a name Windows reserves for devices';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(slug)) return 'may only contain letters a–z, digits, "-", "_" and "."';
  if (slug.length > 120) return 'is longer than 120 characters';
  return undefined;
}

/** A slug in double quotes for a message, with control characters (a NUL byte) made visible as \u0000. */
export function quoteSlug(slug: string): string {
  return `"${slug.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
