import path from 'node:path';
import { isIgnoredName } from '../content/discover.js';
import { CONFIG_FILE_NAMES } from '../config/load-config.js';
import { isInside } from '../util/paths.js';

/** What a changed path means for the site. Everything but `ignored` asks for a rebuild. */
export type ChangeKind = 'content' | 'template' | 'config' | 'asset' | 'ignored';

/** The folders a watch session cares about; absolute paths. */
export interface WatchedLayout {
  /** The site folder (holds the config file). */
  root: string;
  /** Where bulletins live (may lie outside `root` with --content). */
  contentDir: string;
  /**
   * The site's own templates folder, `root/templates`, whether or not it exists yet: creating it
   * switches the site from the built-in templates to its own.
   */
  templatesDir: string;
}

const MARKDOWN = /\.(md|markdown)$/i;

/**
 * Editor save patterns on top of the names discovery already skips: vim probes whether a folder is
 * writable with a file named 4913 (then 5036, 5159, … in steps of 123); JetBrains IDEs save through
 * `x___jb_tmp___` and `x___jb_old___`; Microsoft Office keeps `~$x.docx` lock files. None of them is
 * ever content. Only the exact vim sequence is matched: year folders such as 2024 are content.
 */
export function isEditorTemporary(name: string): boolean {
  return isIgnoredName(name) || isVimProbe(name) || /___jb_(tmp|old|bak)___$/.test(name) || name.startsWith('~$');
}

function isVimProbe(name: string): boolean {
  if (!/^\d{4,6}$/.test(name)) return false;
  const n = Number(name);
  return n >= 4913 && (n - 4913) % 123 === 0;
}

/**
 * Pure: an absolute path reported by the watcher → what kind of change it is. A path with an ignored
 * segment anywhere below the watched folder (a hidden folder, a backup folder) is ignored too, the
 * way discovery skips it.
 */
export function classifyChange(absPath: string, layout: WatchedLayout): ChangeKind {
  const p = path.resolve(absPath);
  if (isInside(layout.contentDir, p)) {
    if (hasIgnoredSegment(layout.contentDir, p)) return 'ignored';
    return MARKDOWN.test(p) ? 'content' : 'asset';
  }
  if (isInside(layout.templatesDir, p)) {
    if (hasIgnoredSegment(layout.templatesDir, p)) return 'ignored';
    const rel = path.relative(layout.templatesDir, p).split(path.sep);
    return rel[0] === 'assets' ? 'asset' : 'template';
  }
  if (path.dirname(p) === path.resolve(layout.root) && CONFIG_FILE_NAMES.includes(path.basename(p))) return 'config';
  return 'ignored';
}

/**
 * Pure: whether the watcher should look at (or descend into) a path at all. The site root and the
 * folders on the way to content/ must be walked, everything else only when it classifies as a change:
 * dist/, node_modules/, .git/ and the development output are never watched.
 */
export function isWatched(absPath: string, layout: WatchedLayout): boolean {
  const p = path.resolve(absPath);
  for (const dir of [layout.root, layout.contentDir, layout.templatesDir]) {
    // An ancestor of a watched folder (or the folder itself, before it exists).
    if (isInside(p, path.resolve(dir))) return true;
  }
  return classifyChange(p, layout) !== 'ignored';
}

/** Folders are skipped the way discovery skips them; the file name also against editor temporaries. */
function hasIgnoredSegment(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  if (rel === '') return false;
  const parts = rel.split(path.sep);
  return isEditorTemporary(parts.pop()!) || parts.some(isIgnoredName);
}
