import type { BulletinDate } from './dates.types.js';

/** A file found under content/, before parsing. */
export interface SourceFile {
  /** Path relative to the site folder, forward slashes: `content/2020/05/foo.md`. */
  file: string;
  /** Path relative to content/, forward slashes: `2020/05/foo.md`. */
  contentPath: string;
  /** Absolute path on disk. */
  absPath: string;
  kind: 'markdown' | 'attachment';
  size: number;
  /** Modification time as discovered (epoch ms), so the load cache need not stat the file again. */
  mtimeMs?: number;
  /** Change time (epoch ms) and inode as discovered: with the mtime and size, what tells the load cache a file is untouched. */
  ctimeMs?: number;
  ino?: number;
}

/** A bulletin with its Markdown body at hand, as parsing gives it: what rendering takes. */
export type WithBody = Bulletin & { body: string };

export type PublicationStatus = 'published' | 'draft' | 'scheduled' | 'expired';

export interface BulletinUpdate {
  date: BulletinDate;
  note: string;
}

export interface Withdrawal {
  date: BulletinDate;
  reason: string;
}

export interface AttachmentRef {
  /** Link target as written, relative to the bulletin's folder, or an absolute URL. */
  href: string;
  title: string;
}

/** A validated bulletin: everything the planner needs, body still in Markdown. */
export interface Bulletin {
  file: string;
  contentPath: string;
  title: string;
  date: BulletinDate;
  updated?: BulletinDate;
  agency: string;
  agencySlug: string;
  tags: string[];
  /** Explicit summary from front matter; the rendered summary is derived from the body otherwise. */
  summary?: string;
  slug: string;
  draft: boolean;
  lang: string;
  source: string;
  docNumber?: string;
  indexNumber?: string;
  category?: string;
  written?: BulletinDate;
  /** Pinned related bulletins, as written (slug or content path), with their line for errors. */
  related: { ref: string; line?: number }[];
  updates: BulletinUpdate[];
  withdrawn?: Withdrawal;
  interprets?: { ref: string; line?: number };
  attachments: AttachmentRef[];
  expires?: BulletinDate;
  status: PublicationStatus;
  /**
   * Markdown body, front matter removed. Undefined for a bulletin taken from the build cache: its body
   * is read from the cache only if it must be rendered again (see `bodyOf` in cache/load-cached.ts).
   */
  body?: string;
  /** 1-based line in the file where the body starts (for positions in Markdown errors). */
  bodyLine: number;
  /** Site-absolute URL path, e.g. `/2020/05/foo/`. Set by the planner's permalink step. */
  url: string;
}
