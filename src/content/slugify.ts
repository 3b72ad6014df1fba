import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();
const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * A stable ASCII URL segment for a name: Latin text is lower-cased and hyphenated, Chinese is
 * transliterated to toneless pinyin (`明川市科学技术局` → `ming-chuan-shi-ke-xue-ji-shu-ju`). The
 * pinyin library is pinned, so the same name always gives the same URL; a config mapping overrides it.
 */
export function slugify(name: string): string {
  let slug = cache.get(name);
  if (slug !== undefined) return slug;
  const words = HAS_CJK.test(name) ? pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) : [name];
  slug = words
    .join('-')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  cache.set(name, slug);
  return slug;
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
