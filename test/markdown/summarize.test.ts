import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarize } from '../../src/markdown/render-bulletin.js';

/** The summary as first written: the whole text split into code points. */
function byArrayFrom(text: string, max = 120): string {
  const joined = text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  const chars = Array.from(joined);
  if (chars.length <= max) return joined;
  const head = chars.slice(0, max).join('');
  let cut = -1;
  for (const m of head.matchAll(/[。！？!?；;]|\.\s/g)) cut = m.index! + 1;
  if (cut >= head.length * 0.5) return head.slice(0, cut).trim();
  return `${head.trimEnd()}…`;
}

describe('summarize', () => {
  it('counts code points as Array.from does, lone surrogates included', () => {
    const pieces = ['政', '府', '。', ' ', '\n', 'a', '. ', '😀', '\ud83d', '\ude00', '𠀋', '；'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 200 }), fc.integer({ min: 1, max: 130 }), (parts, max) => {
        const text = parts.join('');
        expect(summarize(text, max)).toBe(byArrayFrom(text, max));
      }),
      { numRuns: 2000 },
    );
  });

  it('never cuts a surrogate pair in half', () => {
    expect(summarize('😀'.repeat(130))).toBe(`${'😀'.repeat(120)}…`);
  });
});
