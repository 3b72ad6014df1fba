import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRelatedFrom, termVector, type RelatedItem, type RelatedOptions, type RelatedState, type TermVector } from '../../../src/site/related/index.js';
import { roundedAverage } from '../../../src/site/related/signatures.js';

/**
 * An update from an earlier state must give exactly what a computation from nothing gives: the same
 * lists and the same state (so that a chain of updates never drifts). Sites are generated from a small
 * vocabulary, so terms are shared by many bulletins and one edit moves many weights.
 */

const COMMON = ['空气', '质量', '校园', '安全', '防汛', '预警', '交通', '公交', '票价', '医保', 'river', 'flood', 'school', 'fares'];
// Rarer words too, so that signatures and candidate windows differ from bulletin to bulletin, and
// enough of them that a text can hold more terms than its signature keeps (32).
const WORDS = [...COMMON, ...Array.from({ length: 48 }, (_, k) => `term${String.fromCharCode(97 + (k % 8))}${String.fromCharCode(97 + Math.floor(k / 8))}`)];
const TAGS = ['环境', '教育', '交通', 'health'];
const AGENCIES = ['明川市生态环境局', '明川市教育局', '明川市交通运输局'];
const DEFAULTS: RelatedOptions = { count: 4, weights: { text: 1, tags: 0.5, agency: 0.1, date: 0.1 } };

interface Site {
  items: RelatedItem[];
  texts: string[];
  eligible: boolean[];
  pinned: number[][];
}

const text = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 90 }).map((words) => words.join(' '));

const site: fc.Arbitrary<Site> = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: 400 }),
      tags: fc.subarray(TAGS),
      agency: fc.constantFrom(...AGENCIES),
      text,
      eligible: fc.boolean(),
      pin: fc.option(fc.nat(), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 150 },
  )
  .map((rows) => ({
    items: rows.map((r, i) => ({ slug: `b${i}`, file: `content/b${i}.md`, date: { epochMs: Date.UTC(2025, 0, 1) + r.day * 86_400_000 }, tags: r.tags, agency: r.agency })),
    texts: rows.map((r) => r.text),
    eligible: rows.map((r) => r.eligible || rows.length < 3),
    pinned: rows.map((r) => (r.pin === undefined ? [] : [r.pin % rows.length])),
  }));

/** Edits of a few bulletins' texts: a word added, a word taken out, or the whole text replaced. */
const edits = (count: number) =>
  fc.array(
    fc.record({
      at: fc.nat({ max: count - 1 }),
      kind: fc.constantFrom('add', 'remove', 'replace'),
      word: fc.constantFrom(...WORDS, '修订说明', 'correction'),
      text,
    }),
    { minLength: 1, maxLength: 3 },
  );

function edited(texts: readonly string[], changes: { at: number; kind: string; word: string; text: string }[]): string[] {
  const out = [...texts];
  for (const c of changes) {
    if (c.kind === 'add') out[c.at] = `${out[c.at]} ${c.word}`;
    else if (c.kind === 'remove') out[c.at] = out[c.at]!.split(' ').filter((w, k, all) => k !== all.indexOf(c.word)).join(' ');
    else out[c.at] = c.text;
  }
  return out;
}

const vectorsOf = (texts: readonly string[]): TermVector[] => texts.map((t) => termVector('', t));

/**
 * What the caller tells about each bulletin: nothing ("none": changes are found by fingerprint and
 * frequencies counted again), versions, or versions and the vectors of earlier builds (kept in
 * `store`, as a build's cache keeps renderings): then frequencies move by the old and new terms.
 */
type Memory = 'none' | 'versions' | 'vectors';

function run(s: Site, texts: readonly string[], previous?: RelatedState, options = DEFAULTS, memory: Memory = 'vectors', store = new Map<string, TermVector>()) {
  const vectors = vectorsOf(texts);
  const versions = memory === 'none' ? undefined : texts.map((t, i) => `${i}:${t}`);
  const sources = memory === 'vectors' ? versions : undefined;
  sources?.forEach((source, i) => store.set(source, vectors[i]!));
  return computeRelatedFrom(s.items, vectors, s.eligible, s.pinned, options, { previous, versions, sources, vectorOf: (source) => store.get(source) });
}

describe('computeRelatedFrom', () => {
  it('gives the lists and state of a whole computation after any edits, in a chain', () => {
    let steps = 0;
    let updates = 0;
    fc.assert(
      fc.property(
        site.chain((s) =>
          fc.tuple(fc.constant(s), fc.constantFrom<Memory>('none', 'versions', 'vectors'), fc.array(fc.tuple(edits(s.items.length), fc.boolean()), { minLength: 1, maxLength: 4 })),
        ),
        ([s, memory, rounds]) => {
          let texts = s.texts;
          const store = new Map<string, TermVector>();
          let state = run(s, texts, undefined, DEFAULTS, memory, store).state;
          for (const [changes, forget] of rounds) {
            texts = edited(texts, changes);
            // A cache that lost the old vectors: frequencies are counted again.
            if (forget) store.clear();
            const updated = run(s, texts, state, DEFAULTS, memory, store);
            const whole = run(s, texts, undefined, DEFAULTS, memory);
            steps++;
            if (updated.updated) updates++;
            expect(updated.lists).toEqual(whole.lists);
            expect(updated.state).toEqual(whole.state);
            state = updated.state;
          }
        },
      ),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200) },
    );
    // Most edits move the rounded average length of a small site, and the state is then set aside;
    // enough of them must not (about a quarter here), or the update itself goes untested.
    expect(updates).toBeGreaterThan(steps / 10);
  });

  it('works out again only the lists an edit can reach', () => {
    // Forty bulletins on four separate subjects, ten each: an edit to one subject's text leaves the
    // others' lists alone.
    const subjects = [['空气', '质量', '监测'], ['校园', '安全', '检查'], ['公交', '票价', '调整'], ['医保', '报销', '比例']];
    const texts = Array.from({ length: 40 }, (_, i) => {
      const words = subjects[i % 4]!;
      return Array.from({ length: 12 + (i % 5) }, (_, k) => words[(i + k) % 3]).join(' ');
    });
    const s: Site = {
      items: texts.map((_, i) => ({ slug: `b${i}`, file: `content/b${i}.md`, date: { epochMs: Date.UTC(2025, 0, 1 + i) }, tags: [], agency: 'x' })),
      texts,
      eligible: texts.map(() => true),
      pinned: texts.map(() => []),
    };
    const textOnly: RelatedOptions = { count: 3, weights: { text: 1, tags: 0, agency: 0, date: 0 } };
    const first = run(s, texts, undefined, textOnly);
    expect(first.recomputed).toBe(40);
    // Bulletin 3 (医保) says 报销 once more: no document frequency moves, so only its own weights
    // change, and only its subject's lists can meet it.
    const again = edited(texts, [{ at: 3, kind: 'add', word: '报销', text: '' }]);
    const updated = run(s, again, first.state, textOnly);
    expect(updated.lists).toEqual(run(s, again, undefined, textOnly).lists);
    expect(updated.recomputed).toBeGreaterThan(0);
    expect(updated.recomputed).toBeLessThanOrEqual(10);
    // A word new to it moves that word's document frequency: the 空气 subject is weighed again too.
    const more = edited(again, [{ at: 3, kind: 'add', word: '空气', text: '' }]);
    const further = run(s, more, updated.state, textOnly);
    expect(further.lists).toEqual(run(s, more, undefined, textOnly).lists);
    expect(further.recomputed).toBeGreaterThan(10);
    expect(further.recomputed).toBeLessThanOrEqual(20);
    // Nothing changed: nothing is worked out.
    expect(run(s, again, updated.state, textOnly).recomputed).toBe(0);
  });

  it('finds a candidate that a term brings into reach without any document frequency moving', () => {
    // Bulletin `near` shares `common` with ten bulletins just after it and `rare` with `far` only.
    // `far` holds 34 terms, `rare` the lightest, so its signature (32 terms) leaves `rare` out and
    // `near` never meets it. Saying `rare` more often, in place of other words said twice (so that no
    // length or document frequency moves and `near` keeps its weights), puts `rare` into `far`'s
    // signature, where `near` finds it.
    const xs = Array.from({ length: 33 }, (_, k) => `xterm${String.fromCharCode(97 + (k % 26))}${k}`);
    const rows: [string, number, string][] = [
      ['near', 0, 'rare rare rare common'],
      ...Array.from({ length: 10 }, (_, k): [string, number, string] => [`d${k}`, k + 1, `common filler${String.fromCharCode(97 + k)}`]),
      ['far', 100, [...xs, ...xs, 'rare'].join(' ')],
      ['twin', 200, xs.join(' ')],
    ];
    const s: Site = {
      items: rows.map(([slug, day]) => ({ slug, file: `content/${slug}.md`, date: { epochMs: Date.UTC(2025, 0, 1) + day * 86_400_000 }, tags: [], agency: 'x' })),
      texts: rows.map(([, , t]) => t),
      eligible: rows.map(() => true),
      pinned: rows.map(() => []),
    };
    const textOnly: RelatedOptions = { count: 3, weights: { text: 1, tags: 0, agency: 0, date: 0 } };
    const first = run(s, s.texts, undefined, textOnly);
    const far = rows.findIndex(([slug]) => slug === 'far');
    expect(first.lists[0]).not.toContain(far);
    const texts = s.texts.map((t, i) => (i === far ? [...xs, ...xs.slice(4), 'rare', 'rare', 'rare', 'rare', 'rare'].join(' ') : t));
    const updated = run(s, texts, first.state, textOnly);
    expect(updated.recomputed).toBeLessThan(rows.length);
    expect(updated.lists[0]).toContain(far);
    expect(updated.lists).toEqual(run(s, texts, undefined, textOnly).lists);
  });

  it('does not trust an old vector that does not match what the state was made from', () => {
    const texts = Array.from({ length: 30 }, (_, i) => `空气 质量 ${i % 3 ? '校园 安全' : '公交 票价'} 监测 ${'报告 '.repeat(i % 4)}`);
    const s: Site = {
      items: texts.map((_, i) => ({ slug: `b${i}`, file: `content/b${i}.md`, date: { epochMs: Date.UTC(2025, 0, 1 + i) }, tags: [], agency: 'x' })),
      texts,
      eligible: texts.map(() => true),
      pinned: texts.map(() => []),
    };
    const first = run(s, texts);
    const again = texts.map((t, i) => (i === 4 ? t.replace('监测', '调整') : t));
    const vectors = vectorsOf(again);
    const versions = again.map((t, i) => `${i}:${t}`);
    // A cache that answers with some other vector (here an empty one) for the old text.
    const lying = computeRelatedFrom(s.items, vectors, s.eligible, s.pinned, DEFAULTS, { previous: first.state, versions, sources: versions, vectorOf: () => termVector('', '') });
    const whole = computeRelatedFrom(s.items, vectors, s.eligible, s.pinned, DEFAULTS, { versions, sources: versions });
    expect(lying.updated).toBe(true);
    expect(lying.lists).toEqual(whole.lists);
    expect(lying.state).toEqual(whole.state);
    // Or with something that is not a vector at all.
    const malformed = { ids: null, counts: null } as unknown as TermVector;
    const broken = computeRelatedFrom(s.items, vectors, s.eligible, s.pinned, DEFAULTS, { previous: first.state, versions, sources: versions, vectorOf: () => malformed });
    expect(broken.lists).toEqual(whole.lists);
    expect(broken.state).toEqual(whole.state);
  });

  it('starts afresh when anything but the texts changed', () => {
    const s: Site = {
      items: [0, 1, 2, 3].map((i) => ({ slug: `b${i}`, file: `content/b${i}.md`, date: { epochMs: Date.UTC(2025, 0, 1 + i) }, tags: ['环境'], agency: 'x' })),
      texts: ['空气 质量', '空气 监测', '校园 安全', '空气 质量 监测'],
      eligible: [true, true, true, true],
      pinned: [[], [], [], []],
    };
    const first = run(s, s.texts);
    const retagged = { ...s, items: s.items.map((b, i) => (i === 2 ? { ...b, tags: ['教育'] } : b)) };
    expect(run(retagged, s.texts, first.state).recomputed).toBe(4);
    expect(run(s, s.texts, first.state, { ...DEFAULTS, count: 2 }).recomputed).toBe(4);
    expect(run({ ...s, eligible: [true, false, true, true] }, s.texts, first.state).recomputed).toBe(4);
  });
});

describe('roundedAverage', () => {
  it('rounds to a step of a sixty-fourth to a thirty-second of the average', () => {
    for (const average of [0.3, 1, 7, 16, 100, 300, 301, 4097, 123_456]) {
      const rounded = roundedAverage(new Float64Array([average]));
      expect(Math.abs(rounded - average) / average).toBeLessThanOrEqual(1 / 64);
    }
    expect(roundedAverage(new Float64Array([300]))).toBe(304);
    expect(roundedAverage(new Float64Array([300, 316]))).toBe(312);
    expect(roundedAverage(new Float64Array([]))).toBe(1);
  });
});
