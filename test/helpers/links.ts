import fs from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { listFiles } from './site.js';

/** A link in a built page that does not lead to a file of the built site. */
export interface BrokenLink {
  /** The page the link is on, relative to the output folder. */
  page: string;
  /** `a[href]`, `img[src]`, … */
  element: string;
  value: string;
  /** The file that was looked for, relative to the output folder (or why nothing was looked for). */
  looked: string;
}

// Every attribute of every element that names a URL a browser follows or loads.
const URL_ATTRIBUTES: [selector: string, attr: string][] = [
  ['a[href]', 'href'],
  ['link[href]', 'href'],
  ['area[href]', 'href'],
  ['img[src]', 'src'],
  ['script[src]', 'src'],
  ['iframe[src]', 'src'],
  ['source[src]', 'src'],
  ['video[src]', 'src'],
  ['audio[src]', 'src'],
  ['form[action]', 'action'],
];

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Every `href`/`src` in every HTML file under `outDir`, resolved the way a browser resolves it from
 * the page's own address, must name a file in `outDir`: a folder link must have an `index.html`,
 * `#fragment` and `?query` are dropped, and external schemes (`https:`, `mailto:` …) and
 * protocol-relative `//host` links are skipped. Root-relative links (`/x/`) are reported, because they
 * break when the site is served under a sub-path. `siteBase` is the path the site is served under,
 * for pages (like 404.html) that use absolute links on purpose.
 */
export function findBrokenLinks(outDir: string, options: { siteBase?: string; allowRootRelative?: string[] } = {}): BrokenLink[] {
  const base = options.siteBase ?? '/';
  const files = new Set(listFiles(outDir));
  const broken: BrokenLink[] = [];
  for (const page of [...files].filter((f) => f.endsWith('.html'))) {
    const { document } = parseHTML(fs.readFileSync(path.join(outDir, page), 'utf8'));
    for (const [selector, attr] of URL_ATTRIBUTES) {
      for (const el of document.querySelectorAll(selector)) {
        const value = el.getAttribute(attr)!.trim();
        // An empty form action or link means "this page" (HTML's rule); an empty image source is a mistake.
        if (value === '' && attr !== 'src') continue;
        const looked = resolveLink(page, value, base, options.allowRootRelative?.includes(page) ?? false);
        if (looked === null) continue;
        if (looked.startsWith('!') || !files.has(looked)) broken.push({ page, element: selector, value, looked });
      }
    }
  }
  return broken;
}

/**
 * The output file a link on `page` leads to, `null` when it leaves the site, or `!reason` when it can
 * never work. Exported so the checker itself can be tested.
 */
export function resolveLink(page: string, value: string, siteBase = '/', allowRootRelative = false): string | null {
  if (SCHEME.test(value) || value.startsWith('//')) return null;
  const bare = value.replace(/[?#].*$/s, '');
  if (bare === '') return value === '' ? '!empty link' : page; // "#top" or "?q=" point at the page itself
  // Root-relative links (only the 404 page's) start from the site base, the rest from the page's folder.
  let parts: string[];
  let rest: string;
  if (bare.startsWith('/')) {
    if (!allowRootRelative) return `!root-relative link breaks under a sub-path`;
    if (!bare.startsWith(siteBase)) return `!outside the site base ${siteBase}`;
    [parts, rest] = [[], bare.slice(siteBase.length)];
  } else {
    [parts, rest] = [page.split('/').slice(0, -1), bare];
  }
  let decoded: string;
  try {
    decoded = decodeURI(rest);
  } catch {
    return '!malformed percent-encoding';
  }
  // Resolved by hand: path.posix.join would silently clamp "../" at the root, hiding a link that
  // only works when the site sits at the root of its host.
  for (const part of decoded.split('/')) {
    if (part === '..') {
      if (parts.length === 0) return '!climbs above the site root';
      parts.pop();
    } else if (part !== '.') parts.push(part);
  }
  const sitePath = parts.join('/');
  if (sitePath === '' || sitePath.endsWith('/')) return `${sitePath}index.html`;
  return sitePath;
}
