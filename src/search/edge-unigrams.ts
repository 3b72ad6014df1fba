import { isCjk } from '../text/tokenize.js';

/**
 * Calls `emit` with the first and last character of every CJK run of two or more characters.
 *
 * Why: the shared tokenizer keeps a CJK character as a unigram only when it stands alone, so the
 * query `2020年` becomes `2020` + `年`, while the text `2020年科技创新` holds `年科`, not `年`. A reader
 * types a lone character exactly where it touches digits, Latin letters or punctuation, that is
 * at the edge of a run; indexing run edges as unigrams too makes such queries find those texts.
 * The query side is unchanged (the browser runs the plain tokenizer), so both stay in step.
 */
export function forEachEdgeUnigram(text: string, emit: (term: string) => void): void {
  forEachEdgeUnigramCoded(text, emit, (code) => emit(String.fromCharCode(code)));
}

/** `forEachEdgeUnigram` with each character that needs no folding given as its code unit (`emitChar`), never as a string. */
export function forEachEdgeUnigramCoded(text: string, emit: (term: string) => void, emitChar: (code: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isCjk(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && isCjk(text.charCodeAt(end))) end++;
    if (end - i > 1) edgesOfRun(text, i, end, emit, emitChar);
    i = end;
  }
}

/** The edges of the CJK run `text[start, end)` of two or more characters (see forEachEdgeUnigram). */
export function edgesOfRun(text: string, start: number, end: number, emit: (term: string) => void, emitChar: (code: number) => void): void {
  edge(text.charCodeAt(start), emit, emitChar);
  edge(text.charCodeAt(end - 1), emit, emitChar);
}

function edge(code: number, emit: (term: string) => void, emitChar: (code: number) => void): void {
  // Compatibility ideographs fold to unified ones in the tokenizer (NFKC); fold the edges alike.
  if (code >= 0xf900 && code <= 0xfaff) emit(String.fromCharCode(code).normalize('NFKC'));
  else emitChar(code);
}
