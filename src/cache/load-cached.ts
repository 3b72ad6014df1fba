import fs from 'node:fs';
import type { Config } from '../config/config.js';
import type { Bulletin, SourceFile } from '../content/bulletin.js';
import { loadBulletin } from '../content/load-content.js';
import { statusAt } from '../content/validate.js';
import type { Diagnostic } from '../diagnostics.js';
import type { BuildCache } from './build-cache.js';
import { configKey, hashOf } from './hash.js';

/**
 * Every bulletin under content/, as `loadContent` gives them, reusing what the cache holds for files
 * whose bytes are unchanged. Within one process a file whose mtime and size are unchanged is not even
 * read; across processes its bytes are hashed, so a cache on disk is never trusted on times alone
 * (the bytes read for the hash are the ones parsed: no file is read twice). The publication status is
 * worked out again each time, because it depends on "now". Parsing stays on this thread: handing it to
 * the worker threads measured slower at 4,000 bulletins, 1.02× when the threads started for it and
 * still 1.15× (1.10× the CPU) with threads already started and this thread parsing its share (each
 * thread compiles the YAML parser again, and every bulletin crosses to a thread and back).
 */
export function loadContentCached(
  sources: readonly SourceFile[],
  config: Config,
  cache: BuildCache | undefined,
): {
  bulletins: Bulletin[];
  diagnostics: Diagnostic[];
  reused?: number;
  /**
   * With a cache: the hash of each bulletin's bytes, by its file. The body is cut from the bytes alone
   * (decoding, front matter), so this names it without hashing the body again.
   */
  keys?: Map<string, string>;
} {
  const settings = cache ? configKey(config) : '';
  const bulletins: Bulletin[] = [];
  const keys = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let reused = 0;
  for (const source of sources) {
    if (source.kind !== 'markdown') continue;
    const read = cache ? contentHash(source, cache) : undefined;
    const key = read === undefined ? undefined : hashOf(settings, source.file, source.absPath, read.hash);
    const hit = key === undefined ? undefined : cache!.loaded.get(key);
    if (read !== undefined) keys.set(source.file, read.hash);
    if (hit) {
      reused++;
      if (hit.bulletin) bulletins.push({ ...hit.bulletin, status: statusAt(hit.bulletin, config.now) });
      diagnostics.push(...hit.diagnostics);
      continue;
    }
    const loaded = loadBulletin(source, config, read?.bytes);
    if (cache && key !== undefined) cache.loaded.set(key, loaded.bulletin ? { bulletin: { ...loaded.bulletin }, diagnostics: loaded.diagnostics } : loaded);
    if (loaded.bulletin) bulletins.push(loaded.bulletin);
    diagnostics.push(...loaded.diagnostics);
  }
  return { bulletins, diagnostics, reused: cache ? reused : undefined, keys: cache ? keys : undefined };
}

/** How long after its mtime a file's stat is trusted to catch every later write. */
const RACY_MS = 2000;

/** The file's content hash: from the last stat when mtime and size match, else by reading it (then with the bytes read). */
function contentHash(source: SourceFile, cache: BuildCache): { hash: string; bytes?: Uint8Array } | undefined {
  try {
    // Discovery took the stat a moment ago; a change since then only makes the next build read the file again.
    const stat = source.mtimeMs === undefined ? fs.statSync(source.absPath) : { mtimeMs: source.mtimeMs, size: source.size };
    const known = cache.stats.get(source.absPath);
    // "Racy" stats (git's term): file times are coarse (a few ms here, seconds on some disks), so a
    // file read soon after it was written may be written again with the same time and size. Only a
    // stat recorded well after the file's mtime is trusted; recently edited files are hashed again.
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size && known.mtimeMs < known.readAt - RACY_MS) return { hash: known.hash };
    const readAt = Date.now();
    const bytes = fs.readFileSync(source.absPath);
    const hash = hashOf(bytes);
    cache.stats.set(source.absPath, { mtimeMs: stat.mtimeMs, size: stat.size, hash, readAt });
    return { hash, bytes };
  } catch {
    return undefined; // unreadable: loadBulletin reports it
  }
}
