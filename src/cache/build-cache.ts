import path from 'node:path';
import type { Bulletin } from '../content/bulletin.js';
import type { Diagnostic } from '../diagnostics.js';
import { CacheStore } from './store.js';
import { knownSlug, knowSlugs, takeSlugsAsked } from '../content/slugify.js';
import { isStoredBody, isStoredRendering, type StoredBody, type StoredRendering } from './markdown-store.js';
import type { StoredDictionary, StoredTerms, TermStore } from '../search/index.js';
import { isRelatedState, type RelatedState } from '../site/related/index.js';
import { packedTermsCodec } from './packed-terms.js';

/**
 * A bulletin file as loaded: the result is reused while the file's bytes and the config are the same.
 * Its body is kept apart, in `sources` under the same key: most builds render few bodies again, and
 * the bodies are most of what a bulletin weighs.
 */
export interface LoadedEntry {
  bulletin?: Bulletin;
  diagnostics: Diagnostic[];
}

/**
 * A source file as last read: its stat then, and the hash of its bytes. While a file's size, mtime,
 * ctime and inode all match the record, its bytes are taken to be the ones hashed (as git's index
 * does): no write, rename or restore of a file leaves all four as they were, and the ctime cannot be
 * set back. `readAt` (epoch ms) makes recent records untrusted (see load-cached.ts).
 */
export interface StatRecord {
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  size: number;
  hash: string;
  readAt: number;
}

/** A page as last written: reused while its view model and the templates are the same. */
export interface PageEntry {
  /** Hash of the templates and the page's view model. */
  view: string;
  /** Hash of what the view model is made of (see page-cache.ts), when the build could name it. */
  inputs?: string;
  /** SHA-1 (base64url) and size of the HTML written, as the output manifest records them. */
  hash: string;
  size: number;
}

/**
 * A result made from the whole site, kept while its inputs are the same: the files it wrote (path,
 * SHA-1, size: still in the output folder when its manifest agrees), or the related lists.
 */
export interface WholeEntry {
  key: string;
  files?: [path: string, hash: string, size: number][];
  lists?: number[][];
}

/**
 * What builds keep between runs: in memory for the life of this object (watch mode keeps one across
 * rebuilds), and on disk under the site's `.bulletin-cache/` so the next process starts warm.
 */
export interface BuildCache {
  /** Last stat of each source file by absolute path, with its content hash, to skip reading files that did not change. */
  stats: CacheStore<StatRecord>;
  loaded: CacheStore<LoadedEntry>;
  /** The Markdown bodies of the bulletins in `loaded`, under the same keys, read lazily. */
  sources: CacheStore<string>;
  /** Renderings without their HTML and text, which `bodies` holds under the same keys (see markdown-store.ts). */
  markdown: CacheStore<StoredRendering>;
  bodies: CacheStore<StoredBody>;
  pages: CacheStore<PageEntry>;
  /** Results made from the whole site (related lists, feeds, sitemap, search index) with a key of their inputs. */
  wholes: CacheStore<WholeEntry>;
  /** Each searchable document's terms, by its fields and a hash of its text (see search/index.ts). */
  searchTerms: CacheStore<StoredTerms>;
  /** The terms their ids stand for (see search/stored-terms.ts), under the one key "terms". */
  searchDictionary: CacheStore<StoredDictionary>;
  /** What the related lists were last computed with, under the one key "state" (see `computeRelatedFrom`). */
  related: CacheStore<RelatedState>;
  /** Slugs of names (tags, agencies) under the one key "names", so a warm build need not load the pinyin library. */
  slugs: CacheStore<[name: string, slug: string][]>;
  /** The folder the cache was read from (and is saved to); set by the first build that uses it. */
  dir?: string;
}

/** A fresh, empty cache. Pass the same object to successive `build()` calls to make rebuilds incremental. */
export function createBuildCache(): BuildCache {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  return {
    stats: new CacheStore<StatRecord>('stats', (v) => isObject(v) && ['mtimeMs', 'ctimeMs', 'ino', 'size', 'readAt'].every((k) => typeof v[k] === 'number') && typeof v.hash === 'string', { shards: 8 }),
    loaded: new CacheStore<LoadedEntry>('loaded', (v) => isObject(v) && Array.isArray(v.diagnostics)),
    sources: new CacheStore<string>('sources', (v) => typeof v === 'string', { lazy: true, shards: 256 }),
    markdown: new CacheStore<StoredRendering>('markdown', isStoredRendering),
    // Many small shards: a one-edit build reads the few that hold the bodies it shows again.
    bodies: new CacheStore<StoredBody>('bodies', isStoredBody, { lazy: true, shards: 256 }),
    pages: new CacheStore<PageEntry>('pages', (v) => isObject(v) && typeof v.view === 'string' && typeof v.hash === 'string' && typeof v.size === 'number'),
    wholes: new CacheStore<WholeEntry>('wholes', (v) => isObject(v) && typeof v.key === 'string'),
    searchTerms: new CacheStore<StoredTerms>(
      'search',
      (v) => isObject(v) && v.ids instanceof Uint32Array && v.counts instanceof Uint32Array && v.ids.length === v.counts.length && typeof v.length === 'number' && typeof v.dictionary === 'string',
      // Read when asked for: a build that keeps the whole search index never asks (9 MB at 4,000 bulletins).
      { lazy: true, codec: packedTermsCodec },
    ),
    searchDictionary: new CacheStore<StoredDictionary>('search-dictionary', (v) => isObject(v) && typeof v.id === 'string' && typeof v.terms === 'string' && typeof v.count === 'number', { shards: 1 }),
    // Read only when an update starts from it: a build with the same bulletins keeps the lists themselves.
    related: new CacheStore<RelatedState>('related', isRelatedState, { lazy: true, shards: 1 }),
    slugs: new CacheStore<[string, string][]>('slugs', (v) => Array.isArray(v) && v.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string'), { shards: 1 }),
  };
}

/** Reads the on-disk cache into `cache` the first time it is used with `dir`. */
export function openCache(cache: BuildCache, dir: string): void {
  const resolved = path.resolve(dir);
  if (cache.dir === resolved) return;
  cache.dir = resolved;
  for (const store of stores(cache)) store.load(resolved);
  knowSlugs(cache.slugs.get('names') ?? []);
}

/**
 * Cache files found so far but ignored: corrupt (a checksum that does not match, a cut-off file) or
 * written by another version of bulletin. Each is rewritten when the cache is saved; `--profile` says
 * how many there were, since nothing else does (a cache is never trusted, so this is not an error).
 */
export function rejectedFiles(cache: BuildCache): number {
  return stores(cache).reduce((n, store) => n + store.rejected, 0);
}

/**
 * Before saving: keeps for the next build the slugs this one asked for, and those of the agencies its
 * bulletins name (a bulletin that is loaded again asks for its agency's slug).
 */
export function keepSlugs(cache: BuildCache, agencies: Iterable<string>): void {
  const names = takeSlugsAsked();
  for (const agency of agencies) {
    const slug = knownSlug(agency);
    if (slug !== undefined) names.set(agency, slug);
  }
  const pairs = [...names].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (JSON.stringify(cache.slugs.get('names')) !== JSON.stringify(pairs)) cache.slugs.set('names', pairs);
}

/**
 * Once the Markdown is rendered (nothing after it asks for a rendering): forgets the renderings this
 * build did not use and writes the shards that changed, as the rest of the build goes on (see
 * `CacheStore.saveAsync`): each shard is serialized while this thread would wait for the pages'
 * worker thread. Renderings are named by their inputs, so they hold even if the build then
 * fails to write the site. Once the pages are made, `saveBodiesAgain` follows it. Both must have
 * settled before `saveCache`, and before another build starts.
 */
export async function saveRenderings(cache: BuildCache): Promise<void> {
  // A body lives exactly as long as its rendering.
  const dropped = cache.markdown.prune();
  cache.bodies.retain((key) => cache.markdown.has(key), dropped);
  if (cache.dir) {
    await cache.markdown.saveAsync(cache.dir);
    await cache.bodies.saveAsync(cache.dir);
  }
}

/**
 * After `saveRenderings` and the pages: writes the bodies rendered again while the pages were made
 * (a body read back from a shard that turned out corrupt), if any.
 */
export async function saveBodiesAgain(cache: BuildCache): Promise<void> {
  if (cache.dir) await cache.bodies.saveAsync(cache.dir);
}

/**
 * Started once the content is loaded: writes the bodies that changed while the Markdown renders, then
 * forgets them all, so that once the bulletins let go of theirs too (build.ts) no body is held through
 * the pages and the search index (some 70 MB of a cold build's peak at 20,000 bulletins). A body asked
 * for later (a bulletin taken from the cache and rendered again, in this build or the next of a watch
 * session) is read back from its shard. Bodies are named by the bytes they were read from, so they
 * hold whatever the rest of the build does; which ones the next build keeps is still settled by
 * `saveCache`. Must have settled before `saveCache`, and before another build starts.
 */
export async function saveSources(cache: BuildCache): Promise<void> {
  if (!cache.dir) return;
  await cache.sources.saveAsync(cache.dir);
  cache.sources.evict();
}

/** After a build (and `saveRenderings`): forgets what it did not use, and writes the shards that changed. */
export function saveCache(cache: BuildCache): void {
  // A body lives exactly as long as its bulletin's entry.
  const dropped = cache.loaded.prune();
  cache.sources.retain((key) => cache.loaded.has(key), dropped);
  // The dictionary before the term lists whose ids it names (see search/stored-terms.ts).
  for (const store of [cache.stats, cache.loaded, cache.sources, cache.pages, cache.wholes, cache.searchDictionary, cache.searchTerms, cache.slugs, cache.related]) {
    // The related state holds one value, replaced when it is made again, and checks itself when used.
    if (store !== cache.loaded && store !== cache.sources && store !== cache.related) store.prune();
    if (cache.dir) store.save(cache.dir);
  }
}

function stores(cache: BuildCache): CacheStore<unknown>[] {
  return [cache.stats, cache.loaded, cache.sources, cache.markdown, cache.bodies, cache.pages, cache.wholes, cache.searchTerms, cache.searchDictionary, cache.slugs, cache.related];
}

/** The search stage's view of the cache (see search/stored-terms.ts). */
export function termStore(cache: BuildCache): TermStore & { keepAll(): void } {
  const { searchTerms: lists, searchDictionary: dictionary } = cache;
  return {
    get: (key) => lists.get(key),
    set: (key, value) => lists.set(key, value),
    dictionary: () => dictionary.get('terms'),
    setDictionary: (value) => dictionary.set('terms', value),
    // The index was kept whole: so are the lists it was made from, and their dictionary.
    keepAll() {
      lists.keepAll();
      dictionary.keepAll();
    },
  };
}
