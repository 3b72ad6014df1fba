/**
 * Postings as text: every number in base 32, most significant digit first, written with 64 JSON-safe
 * characters — the first 32 end a number, the last 32 say "more digits follow". A posting is its id's
 * gap from the previous id, then its weight (0…31): two characters for most postings, against five or
 * six as JSON numbers, which is what keeps the bytes a browser fetches per query small.
 * templates/assets/search/engine.js decodes it; test/search/posting-codec.test.ts checks both.
 */
const DIGITS = Buffer.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_', 'latin1');

/** Largest weight that fits one character. */
export const MAX_WEIGHT = 31;

function numberSize(n: number): number {
  let size = 1;
  while (n >= 32) {
    n = Math.floor(n / 32);
    size++;
  }
  return size;
}

/** Bytes that `encodePostings` will write for postings from…to (exact, so shards can be planned by size). */
export function encodedSize(ids: ArrayLike<number>, from = 0, to = ids.length): number {
  let bytes = 0;
  let previous = 0;
  for (let k = from; k < to; k++) {
    bytes += numberSize(ids[k]! - previous) + 1;
    previous = ids[k]!;
  }
  return bytes;
}

/** `ids` ascending, one weight (0…MAX_WEIGHT) each, or all 0 when `weights` is null. ASCII bytes. */
export function encodePostings(ids: ArrayLike<number>, weights: ArrayLike<number> | null, from = 0, to = ids.length): Buffer {
  const out = Buffer.allocUnsafe(encodedSize(ids, from, to));
  encodePostingsInto(out, 0, ids, weights, from, to);
  return out;
}

/** `encodePostings` written into `out` from byte `at`; returns where it ended. */
export function encodePostingsInto(out: Buffer, at: number, ids: ArrayLike<number>, weights: ArrayLike<number> | null, from = 0, to = ids.length): number {
  let previous = 0;
  for (let k = from; k < to; k++) {
    let gap = ids[k]! - previous;
    previous = ids[k]!;
    const size = numberSize(gap);
    for (let d = size - 1; d >= 0; d--) {
      out[at + d] = DIGITS[(gap & 31) + (d === size - 1 ? 0 : 32)]!;
      gap = Math.floor(gap / 32);
    }
    at += size;
    out[at++] = DIGITS[weights ? weights[k]! : 0]!;
  }
  return at;
}
