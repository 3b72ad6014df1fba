import { error, type Diagnostic } from '../diagnostics.js';
import type { Bulletin } from '../content/bulletin.js';
import { unsafeSlugReason } from '../content/slugify.js';

const TOKENS: Record<string, (b: Bulletin) => string> = {
  yyyy: (b) => String(b.date.year),
  mm: (b) => String(b.date.month).padStart(2, '0'),
  dd: (b) => String(b.date.day).padStart(2, '0'),
  slug: (b) => b.slug,
  agency: (b) => b.agencySlug,
  lang: (b) => b.lang.toLowerCase(),
};

/** Site paths that generated pages own; a bulletin may not take them. */
export const RESERVED_TOP_LEVEL = new Set(['page', 'archive', 'agencies', 'tags', 'assets', 'search', 'feed.xml', 'atom.xml', 'sitemap.xml', 'sitemap', 'robots.txt', '404.html', 'accessibility', '.bulletin', 'related.json']);

/**
 * Pure: the site path of a bulletin from the permalink pattern (`/{yyyy}/{mm}/{slug}/`). Dates come
 * from the site time zone, so the same bulletin gets the same address on every machine.
 */
export function permalinkFor(pattern: string, b: Bulletin): string {
  const filled = pattern.replace(/\{(\w+)\}/g, (whole, token: string) => TOKENS[token]?.(b) ?? whole);
  let url = filled.startsWith('/') ? filled : `/${filled}`;
  if (!url.endsWith('/') && !url.endsWith('.html')) url += '/';
  return url;
}

/** Checks a permalink pattern once: unknown tokens and unsafe segments are config errors. */
export function checkPermalinkPattern(pattern: string, file?: string): Diagnostic[] {
  const unknown = [...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((t) => !(t in TOKENS));
  const out = unknown.map((t) =>
    error(`uses {${t}}, which is not a permalink part.`, { file, field: 'permalink', hint: `Use ${Object.keys(TOKENS).map((k) => `{${k}}`).join(', ')}.` }),
  );
  const literal = pattern.replace(/\{\w+\}/g, 'x').split('/').filter(Boolean);
  for (const segment of literal) {
    const reason = unsafeSlugReason(segment);
    if (reason) out.push(error(`has a part "${segment}" that ${reason}.`, { file, field: 'permalink', hint: 'Use a pattern such as /{yyyy}/{mm}/{slug}/.' }));
  }
  return out;
}

/**
 * Assigns every bulletin its URL and reports two bulletins writing one address (also when they
 * differ only in letter case, which collides on Windows and macOS disks) or taking a reserved one.
 */
export function assignPermalinks(pattern: string, bulletins: readonly Bulletin[]): { bulletins: Bulletin[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const owners = new Map<string, Bulletin>();
  const out: Bulletin[] = [];
  for (const b of bulletins) {
    const url = permalinkFor(pattern, b);
    const key = url.toLowerCase();
    const first = owners.get(key);
    const top = url.split('/').filter(Boolean)[0] ?? '';
    if (first) {
      diagnostics.push(
        error(`would be published at ${url}, the same address as ${first.file}.`, {
          file: b.file,
          field: 'slug',
          hint: 'Give one of them a different slug: line in its front matter.',
        }),
      );
    } else if (RESERVED_TOP_LEVEL.has(top.toLowerCase()) || url === '/') {
      diagnostics.push(error(`would be published at ${url}, which the site uses for its own pages.`, { file: b.file, field: 'slug', hint: 'Choose another slug or permalink pattern.' }));
    } else {
      owners.set(key, b);
    }
    out.push({ ...b, url });
  }
  return { bulletins: out, diagnostics };
}
