/**
 * Which shard holds a term: FNV-1a (32-bit) over the term's UTF-16 code units, modulo the shard
 * count. Chosen because it is a few lines in any language and exactly reproducible in the browser
 * (templates/assets/search/engine.js has the same function; test/search/browser-port.test.ts checks
 * they agree). Changing it changes every index file, so treat it as part of the file format.
 */
export function hashTerm(term: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The shard number of `term` when the index has `shards` shards. */
export function shardOf(term: string, shards: number): number {
  return hashTerm(term) % shards;
}
