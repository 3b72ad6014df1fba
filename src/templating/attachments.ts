import type { Bulletin } from '../content/bulletin.js';

export interface AttachmentView {
  title: string;
  url: string;
  /** File type from the extension, upper case (`PDF`), or empty. */
  type: string;
  /** Human-readable size (`2.0 KB`), empty for files on other sites. */
  size: string;
  external: boolean;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Images are shown in the body; the 附件 list is for documents to download. */
const IMAGE = /\.(png|jpe?g|gif|webp|svg|avif)$/i;

/**
 * The 附件 list of one bulletin: front-matter `attachments:` first (in their order, with their titles),
 * then documents the body links to, each file once.
 * @param b the bulletin; its `attachments` hrefs are relative to its own folder
 * @param usedByBody content paths (relative to content/) of files the body links to
 * @param sizes file sizes in bytes by content path
 * @param link turns a site path into a link relative to the page
 */
export function attachmentViews(b: Bulletin, usedByBody: readonly string[], sizes: ReadonlyMap<string, number>, link: (sitePath: string) => string): AttachmentView[] {
  const wanted = [
    ...b.attachments.map((a) => ({ target: SCHEME.test(a.href) ? a.href : resolveRelative(b.contentPath, a.href), title: a.title })),
    // Already content paths: resolving them again against the bulletin's folder doubled the folder.
    ...usedByBody.filter((p) => !IMAGE.test(p)).map((p) => ({ target: p, title: '' })),
  ];
  const seen = new Set<string>();
  return wanted.flatMap(({ target, title }) => {
    if (seen.has(target)) return [];
    seen.add(target);
    const external = SCHEME.test(target);
    const name = target.split(/[?#]/)[0]!.split('/').pop() || target;
    const size = sizes.get(target);
    return [
      {
        title: title || name,
        url: external ? target : link(`/${target}`),
        type: /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toUpperCase() ?? '',
        size: size === undefined ? '' : formatSize(size),
        external,
      },
    ];
  });
}

/** `2025/03/notice.md` + `../files/a.pdf` → `2025/files/a.pdf` (content paths, forward slashes). */
export function resolveRelative(contentPath: string, href: string): string {
  const dir = contentPath.split('/').slice(0, -1);
  for (const part of href.split('/')) {
    if (part === '..') dir.pop();
    else if (part !== '.' && part !== '') dir.push(part);
  }
  return dir.join('/');
}

/** Bytes as B, KB or MB with one decimal, the way 附件 sizes are usually shown. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
