import crypto from 'node:crypto';
import type { OutputFile } from '../output/write-site.js';
import type { InvertedIndex } from './build-index.js';
import { WEIGHT_SCALE } from './build-index.js';
import { shardOf } from './hash-term.js';
import type { SearchDoc } from './search-doc.js';

/** Index file format; the browser script refuses other versions rather than misread them. */
export const FORMAT = 1;

export interface SerializeOptions {
  /** Aim for shards of about this many bytes; the shard count grows with the site. */
  shardBytes: number;
  /** Documents per metadata chunk: the browser fetches one chunk per displayed hit at most. */
  docsPerChunk: number;
  /** Longest excerpt source kept per document, in UTF-8 bytes. */
  excerptBytes: number;
}

export const DEFAULT_OPTIONS: SerializeOptions = { shardBytes: 24 * 1024, docsPerChunk: 8, excerptBytes: 600 };

/**
 * The index as files under `search/`:
 * - `manifest.json`: counts, shard count, facets, and a content hash that versions the other files;
 * - `t/<n>.json`: shard n, `{ term: [idDelta, weight, idDelta, weight, …] }`, terms in code-unit order;
 * - `d/<n>.json`: documents n·docsPerChunk…, each `[title, url, date, agency, [tags], lang, excerpt]`.
 * Every file is built from sorted data with hand-written JSON, so the bytes depend only on the
 * content (never on object key order, the clock or the file system).
 */
export function serializeIndex(index: InvertedIndex, docs: readonly SearchDoc[], options: SerializeOptions = DEFAULT_OPTIONS): OutputFile[] {
  const origin = 'the search index';
  const entries = [...index.terms.keys()].sort().map((term) => ({ term, json: `${JSON.stringify(term)}:[${encodePostings(index.terms.get(term)!)}]` }));
  const total = entries.reduce((sum, e) => sum + Buffer.byteLength(e.json), 0);
  const shards = Math.max(1, Math.ceil(total / options.shardBytes));
  const groups: string[][] = Array.from({ length: shards }, () => []);
  for (const e of entries) groups[shardOf(e.term, shards)]!.push(e.json);
  const shardFiles = groups.map((g, n) => ({ path: `search/t/${n}.json`, content: `{${g.join(',\n')}}\n`, origin }));

  const agencyIndex = new Map(index.agencies.map((f, n) => [f.name, n] as const));
  const tagIndex = new Map(index.tags.map((f, n) => [f.name, n] as const));
  const chunkFiles: { path: string; content: string; origin: string }[] = [];
  for (let first = 0; first < docs.length; first += options.docsPerChunk) {
    const records = docs.slice(first, first + options.docsPerChunk).map((d) =>
      JSON.stringify([d.title, d.url, d.date, agencyIndex.get(d.agency), d.tags.map((t) => tagIndex.get(t)), d.lang, excerptSource(d.text, options.excerptBytes)]),
    );
    chunkFiles.push({ path: `search/d/${first / options.docsPerChunk}.json`, content: `[${records.join(',\n')}]\n`, origin });
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

/** Ids as gaps from the previous id (small numbers, short JSON), each followed by its weight. */
function encodePostings(p: { ids: number[]; weights: number[] }): string {
  const out: number[] = [];
  let previous = 0;
  for (let k = 0; k < p.ids.length; k++) {
    out.push(p.ids[k]! - previous, p.weights[k]!);
    previous = p.ids[k]!;
  }
  return out.join(',');
}

/** The start of the text, whitespace collapsed, cut at a code point within `maxBytes` of UTF-8. */
export function excerptSource(text: string, maxBytes: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  let bytes = 0;
  let end = 0;
  for (const ch of flat) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return flat.slice(0, end);
}
