/**
 * The one tokenizer for related articles and site search, so an index and a query are always split
 * the same way. Chinese (and other CJK) runs become overlapping character bigrams — what Lucene's CJK
 * analyzer and Elasticsearch's `cjk_bigram` do, with no dictionary — and a lone CJK character stays a
 * unigram. Latin letters and digits become lower-cased words, with common English stop words dropped.
 * Full-width letters and digits are folded to ASCII first (NFKC), so `２０２０` matches `2020`.
 */

const ENGLISH_STOP_WORDS = new Set(
  'a an and are as at be been but by for from has have he her his i in into is it its of on or our she that the their them there these they this to was we were which will with you your not no than then so such can may also all any more most other some only over under about after before between during'.split(
    ' ',
  ),
);

export function isCjk(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) || // CJK Unified Ideographs
    (code >= 0x3400 && code <= 0x4dbf) || // Extension A
    (code >= 0xf900 && code <= 0xfaff) || // Compatibility Ideographs
    (code >= 0x3040 && code <= 0x30ff) || // Hiragana, Katakana
    (code >= 0xac00 && code <= 0xd7af) // Hangul syllables
  );
}

function isWordChar(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) // Latin-1 and Extended-A/B letters
  );
}

/** Calls `emit` for every term of `text`, in order. The streaming form avoids building arrays. */
export function forEachToken(text: string, emit: (term: string) => void): void {
  forEachTokenPaired(text, emit, (a, b) => emit(String.fromCharCode(a, b)));
}

/**
 * `forEachToken` with each CJK bigram given as its two UTF-16 code units (`emitPair`), never as a
 * string: a caller that counts terms by number (the search index) then allocates and hashes no string
 * for most terms. Every other term goes to `emit`, in the same order as `forEachToken`.
 *
 * `onRun`, when given, is told where each CJK run of two or more characters starts and ends in
 * `text`, right after its bigrams, so a caller that also wants the runs (search/edge-unigrams.ts)
 * need not scan the text again; only when the text needs no folding (a folded text's runs are not
 * `text`'s). Returns whether runs were told.
 */
export function forEachTokenPaired(text: string, emit: (term: string) => void, emitPair: (a: number, b: number) => void, onRun?: (start: number, end: number) => void): boolean {
  const folded = needsFolding(text);
  const s = folded ? text.normalize('NFKC') : text;
  const runs = folded ? undefined : onRun;
  const n = s.length;
  let i = 0;
  while (i < n) {
    const code = s.charCodeAt(i);
    if (isCjk(code)) {
      let end = i + 1;
      while (end < n && isCjk(s.charCodeAt(end))) end++;
      if (end - i === 1) emit(s[i]!);
      else {
        for (let k = i; k + 1 < end; k++) emitPair(s.charCodeAt(k), s.charCodeAt(k + 1));
        runs?.(i, end);
      }
      i = end;
    } else if (isWordChar(code)) {
      let end = i + 1;
      while (end < n && isWordChar(s.charCodeAt(end))) end++;
      // Keep apostrophes and hyphens out: "city's" → "city", "s" (dropped as too short below).
      const word = s.slice(i, end).toLowerCase();
      if ((word.length > 1 || (word >= '0' && word <= '9')) && !ENGLISH_STOP_WORDS.has(word)) emit(word);
      i = end;
    } else {
      i++;
    }
  }
  return runs !== undefined;
}

/** All terms of `text`, in order, with repeats. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  forEachToken(text, (t) => out.push(t));
  return out;
}

/** Full-width ASCII (U+FF01–FF5E) and other compatibility forms only appear in some texts. */
function needsFolding(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) return true;
  }
  return false;
}
