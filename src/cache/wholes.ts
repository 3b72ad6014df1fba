import fs from 'node:fs';
import path from 'node:path';
import type { Manifest, OutputFile } from '../output/write-site.js';
import type { BuildCache } from './build-cache.js';
import { hashOf } from './hash.js';
import { fileHash } from '../util/file-hash.js';
import type { RelatedMemo } from '../site/plan-site.js';

/** The output folder as the last build left it, for deciding what can be kept. */
export interface PreviousOutput {
  dir: string;
  manifest: Manifest;
  /** The manifest is kept in memory by the only writer of a folder (watch mode): no need to look at the files. */
  trusted: boolean;
  /** The stats `stillThere` took (by relative path), handed to the writer so that it does not take them again. */
  stats?: Map<string, fs.Stats>;
  /** Files already checked and linked into the next output folder (see output/output-ahead.ts). */
  linked?: ReadonlySet<string>;
}

/** True when the previous output still holds this file as the manifest describes it. */
export function stillThere(previous: PreviousOutput, rel: string, hash: string, size: number): boolean {
  const entry = previous.manifest[rel];
  if (!entry || entry[0] !== hash || entry[1] !== size) return false;
  if (previous.trusted || previous.linked?.has(rel)) return true;
  try {
    const stat = fs.statSync(path.join(previous.dir, rel));
    previous.stats?.set(rel, stat);
    return stat.size === size;
  } catch {
    return false;
  }
}

/**
 * Files made from the whole site (feeds, sitemap, search index), kept from the last build while what
 * they are made of is the same: `inputs` describes that (undefined: it cannot be told, make them).
 * Kept files are linked from the previous output by the writer, never made or hashed again.
 */
export function wholeFiles(
  cache: BuildCache | undefined,
  previous: PreviousOutput | undefined,
  name: string,
  inputs: () => string | undefined,
  make: () => { path: string; content?: string | Uint8Array }[],
  origin: string,
): OutputFile[] {
  const described = cache && previous ? inputs() : undefined;
  if (described === undefined || !cache || !previous) return make().map((f) => ({ ...f, origin }));
  const key = hashOf(name, described);
  const entry = cache.wholes.get(name);
  if (entry?.key === key && entry.files?.every(([rel, hash, size]) => stillThere(previous, rel, hash, size))) {
    return entry.files.map(([rel, hash]) => ({ path: rel, hash, copyFrom: path.join(previous.dir, rel), origin }));
  }
  // Encoded and hashed once: the writer takes the bytes and the hash as they are.
  const files = make().map((f) => {
    const content = typeof f.content === 'string' ? Buffer.from(f.content) : (f.content ?? Buffer.alloc(0));
    return { path: f.path, content, hash: fileHash(content), origin };
  });
  cache.wholes.set(name, { key, files: files.map((f) => [f.path, f.hash, f.content.length]) });
  return files;
}

/**
 * The related lists' memo (see `RelatedMemo`): the lists under a key of their inputs among the whole
 * results, and the state they were computed with in a section of its own, read only when an update
 * starts from it. The state is never pruned: it checks itself against the site (see `computeRelatedFrom`).
 */
export function relatedMemo(cache: BuildCache, versions?: ReadonlyMap<string, string>, sources?: ReadonlyMap<string, string>): RelatedMemo {
  const keyOf = (inputs: string) => hashOf('related', inputs);
  return {
    versions,
    sources,
    // The rendering the last build kept under that key, term vector included; not kept for this build by asking.
    vectorOf: (source) => cache.markdown.peek(source)?.rendered.terms,
    lists(inputs) {
      const entry = cache.wholes.get('related');
      return entry?.key === keyOf(inputs) ? entry.lists : undefined;
    },
    previous: () => cache.related.get('state'),
    keep(inputs, lists, state) {
      if (inputs !== undefined) cache.wholes.set('related', { key: keyOf(inputs), lists });
      else cache.wholes.delete('related');
      cache.related.set('state', state);
    },
  };
}
