import v8 from 'node:v8';
import type { StoredTerms } from '../search/stored-terms.js';
import type { ShardCodec } from './store.js';

/** Starts every packed shard; read back as another number on a machine of the other byte order, so never misread there. */
const MARK = 0x7465726d;
const WORDS_BEFORE_META = 4;

/**
 * The search term lists of one cache shard packed together: a small V8-serialized part (keys,
 * dictionary ids, lengths), then every list's offset, ids and counts as three runs of 32-bit words.
 * Read back, each list's ids and counts are views into the file's bytes. V8's serializer copies each
 * typed array into an allocation of its own: for the 9 MB of term lists of 4,000 bulletins that took
 * 65-72 ms, most of it the first touch of new memory, where views cost nothing (see store.ts).
 */
export const packedTermsCodec: ShardCodec = {
  encode(entries) {
    const list = entries as readonly (readonly [string, StoredTerms])[];
    const total = list.reduce((sum, [, t]) => sum + t.ids.length, 0);
    const meta = v8.serialize({ keys: list.map(([k]) => k), dictionaries: list.map(([, t]) => t.dictionary), lengths: Float64Array.from(list, ([, t]) => t.length) });
    const metaWords = Math.ceil(meta.length / 4);
    const words = new Uint32Array(WORDS_BEFORE_META + metaWords + list.length + 1 + 2 * total);
    words.set([MARK, list.length, total, meta.length]);
    new Uint8Array(words.buffer).set(meta, WORDS_BEFORE_META * 4);
    const offsets = WORDS_BEFORE_META + metaWords;
    const ids = offsets + list.length + 1;
    const counts = ids + total;
    let filled = 0;
    list.forEach(([, t], i) => {
      words[offsets + i] = filled;
      words.set(t.ids, ids + filled);
      words.set(t.counts, counts + filled);
      filled += t.ids.length;
    });
    words[offsets + list.length] = filled;
    return new Uint8Array(words.buffer);
  },

  decode(bytes) {
    // Views need 4-byte alignment: a payload that is not aligned (it normally is, see store.ts) is copied once.
    const aligned = bytes.byteOffset % 4 === 0 ? bytes : Buffer.from(bytes);
    if (aligned.length < WORDS_BEFORE_META * 4 || aligned.length % 4 !== 0) return undefined;
    const words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
    const [mark, count, total, metaBytes] = words;
    if (mark !== MARK || count === undefined || total === undefined || metaBytes === undefined) return undefined;
    const metaWords = Math.ceil(metaBytes / 4);
    const offsets = WORDS_BEFORE_META + metaWords;
    const ids = offsets + count + 1;
    const counts = ids + total;
    if (counts + total !== words.length) return undefined;
    const meta = v8.deserialize(aligned.subarray(WORDS_BEFORE_META * 4, WORDS_BEFORE_META * 4 + metaBytes)) as { keys?: unknown; dictionaries?: unknown; lengths?: unknown };
    const { keys, dictionaries, lengths } = meta;
    if (!Array.isArray(keys) || !Array.isArray(dictionaries) || !(lengths instanceof Float64Array)) return undefined;
    if (keys.length !== count || dictionaries.length !== count || lengths.length !== count) return undefined;
    const entries: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const from = words[offsets + i]!;
      const to = words[offsets + i + 1]!;
      if (from > to || to > total) return undefined;
      entries.push([keys[i], { ids: words.subarray(ids + from, ids + to), counts: words.subarray(counts + from, counts + to), length: lengths[i], dictionary: dictionaries[i] }]);
    }
    return entries;
  },
};
