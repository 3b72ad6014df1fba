import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { docTerms, TermDictionary } from '../../src/search/doc-terms.js';
import { forEachEdgeUnigram } from '../../src/search/edge-unigrams.js';
import { forEachToken, tokenize } from '../../src/text/tokenize.js';
import { doc } from './make-doc.js';

/** Term counts as strings, the way docTerms counted before bigrams were looked up by code units. */
function expected(title: string, agency: string, tags: string[], text: string): Map<string, number> {
  const out = new Map<string, number>();
  let weight = 3;
  const add = (term: string) => out.set(term, (out.get(term) ?? 0) + weight);
  forEachToken(title, add);
  forEachEdgeUnigram(title, add);
  weight = 1;
  const all = `${agency}\n${tags.join('\n')}\n${text}`;
  forEachToken(all, add);
  forEachEdgeUnigram(all, add);
  return out;
}

/** The edges of CJK runs as first written: each edge character taken as a string and folded. */
function edgesAsFirstWritten(text: string): string[] {
  const out: string[] = [];
  const fold = (ch: string) => (ch.charCodeAt(0) >= 0xf900 && ch.charCodeAt(0) <= 0xfaff ? ch.normalize('NFKC') : ch);
  for (const run of text.match(/[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]{2,}/g) ?? []) out.push(fold(run[0]!), fold(run.at(-1)!));
  return out;
}

describe('docTerms', () => {
  it('takes run edges as before', () => {
    for (const text of ['政府信息公开', '豈豈 a 府豈', 'がぎ한국2020年', '年']) {
      const got: string[] = [];
      forEachEdgeUnigram(text, (t) => got.push(t));
      expect(got, text).toEqual(edgesAsFirstWritten(text));
    }
  });

  it('counts the same terms as the string tokenizer, with one dictionary across documents', () => {
    // `㎡` and `㍿` fold (NFKC) to more characters than they are: a folded text's runs are not where the text's are.
    const pieces = ['政府', '府', '信息公开', ' ', '\n', 'City', "city's", '２０２０', '2020', '年', '豈', '的', 'the', 'ＡＢ', '。', 'がぎ', '한국', '㎡', '㍿'];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 4 }), (docs) => {
        const dictionary = new TermDictionary();
        docs.forEach(([title, body], i) => {
          const terms = docTerms(doc(i, { title, text: body, tags: ['政务公开'] }), dictionary);
          const got = new Map([...terms.ids].map((id, k) => [dictionary.terms[id]!, terms.counts[k]!]));
          expect(got).toEqual(expected(title, '市政府办公室', ['政务公开'], body));
          expect(terms.length).toBe([...got.values()].reduce((a, b) => a + b, 0));
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives a bigram the same id whether it was first met as a pair or as a string', () => {
    const dictionary = new TermDictionary();
    const id = dictionary.idOf('政府');
    expect(dictionary.idOfPair('政'.charCodeAt(0), '府'.charCodeAt(0))).toBe(id);
    expect(tokenize('市政府')).toEqual(['市政', '政府']);
  });
});
