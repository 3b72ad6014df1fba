import fs from 'node:fs';
import type { Config } from '../config/config.js';
import type { Bulletin, SourceFile, WithBody } from '../content/bulletin.js';
import { loadBulletin } from '../content/load-content.js';
import { ReadAhead } from '../content/read-ahead.js';
import { statusAt } from '../content/validate.js';
import type { Diagnostic } from '../diagnostics.js';
import type { BuildCache } from './build-cache.js';
import { configKey, hashOf } from './hash.js';

/**
 * Every bulletin under content/, as `loadBulletin` gives them, reusing what the cache holds for files
 * whose bytes are unchanged. A file whose size, mtime, ctime and inode match the cache's record of it
 * is not even read, in this process or the next (see StatRecord; the record must also have been taken
 * well after the file last changed, see RACY_MS); any other file is read and its bytes hashed, so the
 * cache's parsed bulletin is used only for the very bytes it was made from (the bytes read for the
 * hash are the ones parsed: no file is read twice). The files to read are read ahead, several at once
 * (see read-ahead.ts), while this thread parses the ones already read. The publication status is
 * worked out again each time, because it depends on "now". Parsing stays on this thread: handing it
 * to the worker threads measured slower at 4,000 bulletins, 1.02× when the threads started for it and
 * still 1.15× (1.10× the CPU) with threads already started and this thread parsing its share (each
 * thread compiles the YAML parser again, and every bulletin crosses to a thread and back).
 */
export async function loadContentCached(
  sources: readonly SourceFile[],
  config: Config,
  cache: BuildCache | undefined,
  /** Called every few hundred files: bulletins loaded so far, and in all. */
  onProgress?: (done: number, total: number) => void,
  /** Given each bulletin read from its file (not taken from the cache) as soon as it is loaded. */
  onLoaded?: (b: WithBody) => void,
): Promise<{
  bulletins: Bulletin[];
  diagnostics: Diagnostic[];
  reused?: number;
  /**
   * With a cache: the hash of each bulletin's bytes, by its file. The body is cut from the bytes alone
   * (decoding, front matter), so this names it without hashing the body again.
   */
  keys?: Map<string, string>;
  /**
   * The body of a bulletin taken from the cache, which comes without one: read from the cache's
   * `sources` (or, should that file have been lost, from the bulletin's file again, when its bytes
   * are still the ones hashed).
   */
  bodyOf: (b: Bulletin) => string;
}> {
  const settings = cache ? configKey(config) : '';
  const markdown = sources.filter((s) => s.kind === 'markdown');
  // A hash from a trusted stat spares the read; a file over the size limit is refused unread.
  const trusted = markdown.map((s) => (cache ? trustedHash(s, cache) : undefined));
  const mustRead = markdown.map((s, i) => trusted[i] === undefined && s.size <= config.maxFileSize);
  const reader = new ReadAhead(markdown.filter((_, i) => mustRead[i]));
  const bulletins: Bulletin[] = [];
  const keys = new Map<string, string>();
  const loadKeys = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let reused = 0;
  for (const [i, source] of markdown.entries()) {
    if (onProgress && i % PROGRESS_EVERY === 0) onProgress(i, markdown.length);
    let hash = trusted[i];
    let bytes: Uint8Array | undefined;
    if (mustRead[i]) {
      const read = await reader.next();
      // A file that could not be read is read again by loadBulletin, which reports why.
      if ('bytes' in read) {
        bytes = read.bytes;
        if (cache) hash = remember(source, cache, bytes, read.startedAt);
      }
    }
    const key = hash === undefined ? undefined : hashOf(settings, source.file, source.absPath, hash);
    const hit = key === undefined ? undefined : cache!.loaded.get(key);
    if (hash !== undefined) keys.set(source.file, hash);
    if (key !== undefined) loadKeys.set(source.file, key);
    if (hit) {
      reused++;
      if (hit.bulletin) bulletins.push({ ...hit.bulletin, status: statusAt(hit.bulletin, config.now) });
      diagnostics.push(...hit.diagnostics);
      continue;
    }
    const loaded = loadBulletin(source, config, bytes);
    if (cache && key !== undefined) {
      if (loaded.bulletin) {
        const { body, ...rest } = loaded.bulletin;
        cache.loaded.set(key, { bulletin: rest, diagnostics: loaded.diagnostics });
        cache.sources.set(key, body);
      } else cache.loaded.set(key, loaded);
    }
    if (loaded.bulletin) {
      bulletins.push(loaded.bulletin);
      onLoaded?.(loaded.bulletin);
    }
    diagnostics.push(...loaded.diagnostics);
  }
  onProgress?.(markdown.length, markdown.length);
  const bodyOf = (b: Bulletin): string => {
    const key = loadKeys.get(b.file);
    const stored = key === undefined ? undefined : cache?.sources.get(key);
    if (stored !== undefined) return stored;
    const source = markdown.find((s) => s.file === b.file)!;
    const bytes = fs.readFileSync(source.absPath);
    const again = hashOf(bytes) === keys.get(b.file) ? loadBulletin(source, config, bytes).bulletin : undefined;
    if (!again) throw new Error(`${b.file} changed while the site was being built. Build again.`);
    if (key !== undefined) cache?.sources.set(key, again.body);
    return again.body;
  };
  return { bulletins, diagnostics, reused: cache ? reused : undefined, keys: cache ? keys : undefined, bodyOf };
}

/** Files between progress reports: often enough for a bar, rarely enough to cost nothing. */
const PROGRESS_EVERY = 256;

/** How long after its mtime a file's stat is trusted to catch every later write. */
const RACY_MS = 2000;

/** The file's content hash as last recorded, when its stat still matches that record and the record can be trusted. */
function trustedHash(source: SourceFile, cache: BuildCache): string | undefined {
  const stat = statOf(source);
  const known = cache.stats.get(source.absPath);
  if (!stat || !known) return undefined;
  const same = known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.ino === stat.ino && known.size === stat.size;
  // "Racy" stats (git's term): file times are coarse (a few ms here, seconds on some disks), so a
  // file read soon after it was written may be written again with the same times and size. Only a
  // stat recorded well after the file last changed is trusted; recently edited files are hashed again.
  return same && Math.max(known.mtimeMs, known.ctimeMs) < known.readAt - RACY_MS ? known.hash : undefined;
}

/** Hashes the bytes read and records them with the file's stat, for the next build (in this process or from disk). */
function remember(source: SourceFile, cache: BuildCache, bytes: Uint8Array, readAt: number): string | undefined {
  const stat = statOf(source);
  if (!stat) return undefined; // gone since it was read: loadBulletin reports what it finds
  const hash = hashOf(bytes);
  cache.stats.set(source.absPath, { mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino, size: stat.size, hash, readAt });
  return hash;
}

/** Discovery took the stat a moment ago; a change since then only makes the next build read the file again. */
function statOf(source: SourceFile): { mtimeMs: number; ctimeMs: number; ino: number; size: number } | undefined {
  if (source.mtimeMs !== undefined && source.ctimeMs !== undefined && source.ino !== undefined) return { mtimeMs: source.mtimeMs, ctimeMs: source.ctimeMs, ino: source.ino, size: source.size };
  try {
    return fs.statSync(source.absPath);
  } catch {
    return undefined;
  }
}
