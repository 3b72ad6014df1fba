import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashTerm as nodeHash } from '../../src/search/hash-term.js';
import { tokenize as nodeTokenize } from '../../src/text/tokenize.js';
import { hashTerm as browserHash } from '../../templates/assets/search/engine.js';
import { tokenize as browserTokenize, tokenSpans } from '../../templates/assets/search/tokenize.js';

const SAMPLES = [
  '科技创新',
  '阳泉 科技局',
  '2020年',
  '２０２０年８月，ＡＢＣ公司',
  '局',
  '“王建国”出席会议。',
  'The Science and Technology Bureau’s R&D fund, 2021-2025',
  'city\'s e-government co-operation',
  'Café naïve ÉCOLE façade',
  'ひらがなカタカナ한국어',
  '𠀀𠀁 surrogate pairs 𠀂',
  '豈更車 compatibility ideographs',
  'x × y ÷ z',
  '',
  '   ',
  'a I 9 10 of the',
];

/** Characters from every class the tokenizer treats differently. */
const pool = fc.constantFrom(...'科技创新阳泉局年月日ひカ한ＡＢ１２ab019AZéÉ×÷ \n，。、“”-\'’.&豈𠀀'.match(/./gu)!);

describe('the browser tokenizer port', () => {
  it('splits the sample strings exactly as the shared tokenizer does', () => {
    for (const s of SAMPLES) expect(browserTokenize(s), s).toEqual(nodeTokenize(s));
  });

  it('splits random mixtures of CJK, Latin, full-width and punctuation exactly as the shared tokenizer does', () => {
    fc.assert(
      fc.property(fc.array(pool, { maxLength: 40 }).map((a) => a.join('')), (s) => {
        expect(browserTokenize(s)).toEqual(nodeTokenize(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives spans whose text folds to the terms, in order', () => {
    for (const s of SAMPLES) {
      const spans = tokenSpans(s);
      expect(spans.map((x: [string, number, number]) => x[0])).toEqual(nodeTokenize(s));
      for (const [term, a, b] of spans) expect(s.slice(a, b).normalize('NFKC').toLowerCase()).toBe(term);
    }
  });

  it('hashes terms to the same shard as the index builder', () => {
    for (const s of SAMPLES.flatMap((x) => nodeTokenize(x)).concat(['#a0', '#t12', '', '__proto__'])) expect(browserHash(s)).toBe(nodeHash(s));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => browserHash(s) === nodeHash(s)));
  });
});
