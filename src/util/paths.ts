import path from 'node:path';

/** Forward-slash relative path, for messages and URLs that must not depend on the OS. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** True when `child` is `parent` or lies inside it (both absolute). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Relative link from the page at site path `from` (a folder URL like `/2020/05/foo/` or a file like
 * `/404.html`) to site path `to`. Keeps `dist/` working under any sub-path.
 */
export function relativeUrl(from: string, to: string): string {
  const fromDir = from.endsWith('/') ? from : from.slice(0, from.lastIndexOf('/') + 1);
  const fromParts = fromDir.split('/').filter(Boolean);
  const toParts = to.split('/');
  const trailing = to.endsWith('/');
  const targetParts = toParts.filter(Boolean);
  let common = 0;
  while (common < fromParts.length && common < targetParts.length && fromParts[common] === targetParts[common]) {
    // A file name at the end of `to` can never match a folder of `from` unless it is one.
    if (!trailing && common === targetParts.length - 1) break;
    common++;
  }
  const up = '../'.repeat(fromParts.length - common);
  const down = targetParts.slice(common).join('/');
  const rel = up + down + (trailing && down ? '/' : '');
  return rel === '' ? './' : rel;
}

/** `../../` for a page at `/2020/05/foo/`; `` for the root. Prefix for links to site paths. */
export function rootPrefix(pagePath: string): string {
  const dir = pagePath.endsWith('/') ? pagePath : pagePath.slice(0, pagePath.lastIndexOf('/') + 1);
  return '../'.repeat(dir.split('/').filter(Boolean).length);
}
