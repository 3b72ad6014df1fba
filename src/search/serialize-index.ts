import crypto from 'node:crypto';
import type { OutputFile } from '../output/write-site.js';
import type { InvertedIndex } from './build-index.js';
import { WEIGHT_SCALE } from './build-index.js';
import { shardOf } from './hash-term.js';
import { encodedSize, encodePostingsInto } from './posting-codec.js';
import type { SearchDoc } from './search-doc.js';

/** Index file format; the browser script refuses other versions rather than misread them. */
export const FORMAT = 2;

export interface SerializeOptions {
  /** Aim for shards of about this many bytes; the shard count grows with the site. */
  shardBytes: number;
  /** Documents per metadata chunk: the browser fetches one chunk per displayed hit at most. */
  docsPerChunk: number;
  /** Longest excerpt source kept per document, in UTF-8 bytes. */
  excerptBytes: number;
}

export const DEFAULT_OPTIONS: SerializeOptions = { shardBytes: 8 * 1024, docsPerChunk: 8, excerptBytes: 600 };

/**
 * The index as files under `search/`:
 * - `manifest.json`: counts, shard count, facets, and a content hash that versions the other files;
 * - `t/<n>.json`: shard n, `{ term: postings }` (see posting-codec.ts), terms in code-unit order;
 * - `d/<n>.json`: documents n·docsPerChunk…, each `[title, url, date, agency, [tags], lang, excerpt]`.
 * Every file is built from sorted data with hand-written JSON, so the bytes depend only on the
 * content (never on object key order, the clock or the file system).
 */
export function serializeIndex(index: InvertedIndex, docs: readonly SearchDoc[], options: SerializeOptions = DEFAULT_OPTIONS): OutputFile[] {
  const origin = 'the search index';
  const postings = [
    ...index.terms.map((term, n) => ({ term, n, facet: undefined as number[] | undefined })),
    ...[...index.facetPostings].map(([term, ids]) => ({ term, n: -1, facet: ids })),
  ].sort((a, b) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  // Exact sizes first (cheap arithmetic), so no text exists before the shard count is known, and each
  // shard is written into one buffer of its size.
  const keys = postings.map((p) => JSON.stringify(p.term));
  const keyBytes = keys.map((k) => Buffer.byteLength(k));
  const bodyBytes = postings.map((p) => (p.facet ? encodedSize(p.facet) : encodedSize(index.ids, index.start[p.n], index.start[p.n + 1])));
  let total = 0;
  for (let i = 0; i < postings.length; i++) total += keyBytes[i]! + 4 + bodyBytes[i]!;
  const shards = Math.max(1, Math.ceil(total / options.shardBytes));
  const groups: number[][] = Array.from({ length: shards }, () => []);
  postings.forEach((p, i) => groups[shardOf(p.term, shards)]!.push(i));
  const shardFiles = groups.map((g, n) => {
    // `{`, then `"term":"postings"` joined by `,\n`, then `}\n`.
    let size = 3;
    g.forEach((i, k) => (size += (k ? 2 : 0) + keyBytes[i]! + 3 + bodyBytes[i]!));
    const out = Buffer.allocUnsafe(size);
    let at = out.write('{', 0, 'latin1');
    g.forEach((i, k) => {
      const p = postings[i]!;
      if (k) at += out.write(',\n', at, 'latin1');
      at += out.write(keys[i]!, at, 'utf8');
      at += out.write(':"', at, 'latin1');
      at = p.facet ? encodePostingsInto(out, at, p.facet, null) : encodePostingsInto(out, at, index.ids, index.weights, index.start[p.n], index.start[p.n + 1]);
      at += out.write('"', at, 'latin1');
    });
    out.write('}\n', at, 'latin1');
    return { path: `search/t/${n}.json`, content: out, origin };
  });

  const agencyIndex = new Map(index.agencies.map((f, n) => [f.name, n] as const));
  const tagIndex = new Map(index.tags.map((f, n) => [f.name, n] as const));
  const chunkFiles: { path: string; content: Buffer; origin: string }[] = [];
  // Rendering made each excerpt at the default length (render-all.ts); another length is made here.
  const excerpt = (d: SearchDoc) => (d.excerpt !== undefined && options.excerptBytes === DEFAULT_OPTIONS.excerptBytes ? d.excerpt : excerptSource(d.text, options.excerptBytes));
  for (let first = 0; first < docs.length; first += options.docsPerChunk) {
    const records = docs.slice(first, first + options.docsPerChunk).map((d) =>
      JSON.stringify([d.title, d.url, d.date, agencyIndex.get(d.agency), d.tags.map((t) => tagIndex.get(t)), d.lang, excerpt(d)]),
    );
    chunkFiles.push({ path: `search/d/${first / options.docsPerChunk}.json`, content: Buffer.from(`[${records.join(',\n')}]\n`), origin });
  }

  const hash = crypto.createHash('sha256');
  for (const f of [...shardFiles, ...chunkFiles]) hash.update(f.path).update(f.content);
  const manifest = {
    format: FORMAT,
    version: hash.digest('hex').slice(0, 16),
    docs: index.docCount,
    shards,
    docsPerChunk: options.docsPerChunk,
    weightScale: WEIGHT_SCALE,
    agencies: index.agencies.map((f) => [f.name, f.count]),
    tags: index.tags.map((f) => [f.name, f.count]),
    years: index.years.map((y) => [y.year, y.first, y.count]),
  };
  return [{ path: 'search/manifest.json', content: `${JSON.stringify(manifest)}\n`, origin }, ...shardFiles, ...chunkFiles];
}

/** The start of the text, whitespace collapsed, cut at a code point within `maxBytes` of UTF-8. */
export function excerptSource(text: string, maxBytes: number): string {
  // A character is at least one byte, so no more than maxBytes characters can fit.
  const flat = text.slice(0, maxBytes + 1).replace(/\s+/g, ' ').trim();
  let bytes = 0;
  let end = 0;
  // By code unit, not `for…of` (which makes a string per character: 4,000 excerpts are a tenth of a
  // warm build's search stage that way).
  while (end < flat.length) {
    const unit = flat.charCodeAt(end);
    const pair = unit >= 0xd800 && unit <= 0xdbff && (flat.charCodeAt(end + 1) & 0xfc00) === 0xdc00;
    // UTF-8 bytes of the code point (a lone surrogate is written as U+FFFD: three bytes, as Buffer does).
    const size = pair ? 4 : unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += pair ? 2 : 1;
  }
  return flat.slice(0, end);
}
