import path from 'node:path';
import type { Root, Element } from 'hast';
import type { VFile } from 'vfile';
import { forEachElement } from './walk-elements.js';
import { relativeUrl } from '../util/paths.js';
import { isActiveContent } from '../content/discover.js';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const MARKDOWN = /\.(md|markdown)$/i;
const SAFE_LINK_SCHEMES = new Set(['http', 'https', 'mailto', 'tel']);
const SAFE_IMAGE_DATA = /^data:image\/(png|jpeg|gif|webp);/i;
const EXTERNAL_LABEL: Record<string, string> = { zh: '（外部链接）', en: ' (external link)' };

/**
 * Rehype plugin: makes every link and image in a bulletin safe and relative.
 * - `other.md` links become the target bulletin's permalink; a missing target is an error at its line.
 * - Files next to the bulletin (images, PDFs) are linked where the writer copies them.
 * - `/site/paths` become relative, so the site works under any sub-path.
 * - `javascript:`, `data:` (except raster images) and unknown schemes are removed.
 * - External links get `rel="noopener noreferrer"` and a marker that screen readers read out.
 */
export function rehypeRewriteLinks() {
  return (tree: Root, file: VFile) => {
    const site = file.data.site!;
    const used = new Set<string>();
    forEachElement(tree, (node) => {
      const attr = node.tagName === 'a' ? 'href' : node.tagName === 'img' ? 'src' : undefined;
      if (!attr) return;
      const value = node.properties[attr];
      if (typeof value !== 'string') return;
      const rewritten = rewrite(value.trim(), node, attr, site, file, used);
      if (rewritten === undefined) delete node.properties[attr];
      else node.properties[attr] = rewritten;
    });
    file.data.facts = { attachmentsUsed: [...used].sort() };
  };
}

function rewrite(
  url: string,
  node: Element,
  attr: 'href' | 'src',
  site: NonNullable<VFile['data']['site']>,
  file: VFile,
  used: Set<string>,
): string | undefined {
  if (url === '' || url.startsWith('#')) return url;
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme) {
    if (attr === 'src' && scheme === 'data') return SAFE_IMAGE_DATA.test(url) ? url : undefined;
    if (!SAFE_LINK_SCHEMES.has(scheme)) {
      file.message(`A link to "${url.slice(0, 40)}" was removed: only http, https, mailto and tel links are allowed.`, node);
      return undefined;
    }
    if (attr === 'href' && (scheme === 'http' || scheme === 'https')) markExternal(node, site.lang);
    return url;
  }
  if (url.startsWith('//')) {
    if (attr === 'href') markExternal(node, site.lang);
    return url;
  }
  const [pathPart, suffix] = splitSuffix(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    decoded = pathPart;
  }
  // A leading slash names a path from the content folder when a bulletin or file lives there
  // (`/2024/notice.md`), and a page of the site otherwise (`/archive/`).
  const fromRoot = decoded.startsWith('/');
  const target = fromRoot ? path.posix.normalize(decoded.slice(1)) : path.posix.normalize(path.posix.join(path.posix.dirname(site.contentPath), decoded));
  if (fromRoot && !MARKDOWN.test(target) && !site.attachments.has(target)) return relativeUrl(site.pageUrl, decoded) + suffix;
  if (target.startsWith('../') || target === '..') {
    file.message(`The link "${url}" points outside the content folder.`, node);
    return undefined;
  }
  if (MARKDOWN.test(target)) {
    const targetUrl = site.bulletinUrls.get(target);
    const hiddenKind = site.unpublished?.get(target);
    if (targetUrl === undefined && hiddenKind !== undefined) {
      const msg = file.message(`The link "${url}" points to ${hiddenKind} (content/${target}), which this build does not publish. Remove the link until that bulletin is published.`, node);
      msg.fatal = true;
      return undefined;
    }
    if (targetUrl === undefined) {
      const msg = file.message(`The link "${url}" points to a bulletin that does not exist (content/${target}). Check the file name and folder; links between bulletins are relative to this file.`, node);
      msg.fatal = true;
      return undefined;
    }
    return relativeUrl(site.pageUrl, targetUrl) + suffix;
  }
  if (site.attachments.has(target)) {
    used.add(target);
    return relativeUrl(site.pageUrl, `/${target}`) + suffix;
  }
  if (isActiveContent(target)) {
    // discover.ts leaves these out of the site; say why here, where the press officer will look.
    const refused = file.message(`The link "${url}" points to a web page or script (content/${target}), which bulletin does not publish because it could run code on the site. Link to a PDF of the document instead.`, node);
    refused.fatal = true;
    return undefined;
  }
  const msg = file.message(`The ${attr === 'src' ? 'image' : 'link'} "${url}" points to a file that does not exist (content/${target}). Put the file there, or correct the ${attr === 'src' ? 'image' : 'link'}.`, node);
  msg.fatal = true;
  return undefined;
}

function splitSuffix(url: string): [string, string] {
  const i = url.search(/[?#]/);
  return i === -1 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}

function markExternal(node: Element, lang: string): void {
  node.properties.rel = ['noopener', 'noreferrer'];
  const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
  node.properties.className = [...classes, 'external'];
  const label = EXTERNAL_LABEL[lang.startsWith('zh') ? 'zh' : 'en']!;
  node.children.push({ type: 'element', tagName: 'span', properties: { className: ['visually-hidden'] }, children: [{ type: 'text', value: label }] });
}
