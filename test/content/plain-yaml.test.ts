import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlainYaml } from '../../src/content/plain-yaml.js';
import { defaultFrontMatterLimits } from '../../src/content/front-matter.js';
import { readYaml, readYamlFully } from '../../src/content/read-yaml.js';

const FILE = 'content/2024/05/a.md';
const fully = (src: string, openLine = 1) => readYamlFully(src, FILE, openLine, defaultFrontMatterLimits);

/** Values that are, or nearly are, what the fast path takes: strings of every kind, and the look-alikes it must refuse. */
const word = fc.constantFrom(
  '科技创新', '通知', 'Science Week', 'R&D', 'a', 'x y', '2024', '2024-05-14', '2024-05-14 09:30', '2021-01-08T10:31:00+08:00',
  '1.5', '-3', '+7', '.5', '1e3', '0x1F', '0o17', '.inf', '-.Inf', '.NaN', 'true', 'False', 'TRUE', 'tRUE', 'NULL', 'null', '~', 'yes', 'no',
  'a: b', 'a:b', 'http://example.gov.cn/x', 'case #5', 'case#5', '#5', '- x', '-x', '?x', ':x', '[x]', '{x}', 'x,y', '*x', '&x',
  '!x', 'x]', 'x}', 'x{y', 'a:', '|', '>', "'x'", '"x"', '%x', '@x', '`x`', 'a\\b', 'a\tb', ' a', 'a ', '', '联系人：王先生', '——', 'é', '\u00a0',
);
const quoted = word.map((w) => `"${w}"`);
const value = fc.oneof(word, quoted, word.map((w) => `'${w}'`));
const flow = fc.array(fc.oneof(word, quoted), { maxLength: 4 }).chain((items) =>
  fc.constantFrom(`[${items.join(', ')}]`, `[${items.join(',')}]`, `[ ${items.join(', ')} ]`, `[${items.join(', ')}]x`),
);
const name = fc.constantFrom('title', 'date', 'agency', 'tags', 'summary', 'doc_number', 'x-y', 'true', 'null', '1a', '__proto__', 'Title', 'a b');
const block = fc
  .tuple(fc.constantFrom('', '  ', ' '), fc.array(fc.oneof(value, fc.constant('')), { minLength: 1, maxLength: 3 }))
  .map(([indent, items]) => items.map((v) => `${indent}- ${v}`).join('\n'));
const line = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(name, fc.constantFrom(': ', ':  ', ':'), value).map(([n, sep, v]) => `${n}${sep}${v}`) },
  { weight: 2, arbitrary: fc.tuple(name, flow).map(([n, f]) => `${n}: ${f}`) },
  { weight: 2, arbitrary: fc.tuple(name, block).map(([n, b]) => `${n}:\n${b}`) },
  { weight: 1, arbitrary: name.map((n) => `${n}:`) },
  { weight: 1, arbitrary: fc.constantFrom('', '# comment', '  continued', '\tx: y', 'title: a # note', 'updates:\n  - date: 2024-05-14\n    note: x', '...') },
);
const frontMatter = fc.oneof(
  // Whole front matters, and single fields (most generated front matters hold some line the fast path refuses).
  fc.tuple(fc.array(line, { maxLength: 7 }), fc.constantFrom('', 'x')).map(([lines, first]) => `${first}\n${lines.join('\n')}\n`),
  line.map((l) => `\n${l}\n`),
);

describe('readPlainYaml: the usual front matter without the yaml package', () => {
  it('gives exactly what the yaml package gives whenever it reads the text at all', () => {
    let taken = 0;
    fc.assert(
      fc.property(frontMatter, fc.integer({ min: 1, max: 4 }), (src, openLine) => {
        const plain = readPlainYaml(src, openLine);
        if (plain === undefined) return;
        taken++;
        const full = fully(src, openLine);
        expect(plain.diagnostics).toEqual([]);
        expect(full.diagnostics).toEqual([]);
        expect(plain.data).toStrictEqual(full.data);
        expect([...plain.positions]).toEqual([...full.positions]);
        expect([...plain.itemPositions]).toEqual([...full.itemPositions]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 3000) },
    );
    // The comparison means something only if the fast path took a fair share of the texts.
    expect(taken).toBeGreaterThan(100);
  });

  it('reads a bulletin as the sample content writes it', () => {
    const src = '\ntitle: "明川市科学技术局发布通知"\ndate: 2024-05-14T09:30:00+08:00\ndraft: "no"\nagency: 明川市科学技术局\ntags: ["科技创新", 资金扶持]\nsummary:\nrelated:\n  - science-week\n  - "2024/05/other"\n';
    const plain = readPlainYaml(src, 1);
    expect(plain).toBeDefined();
    expect(plain!.data).toStrictEqual({
      title: '明川市科学技术局发布通知',
      date: '2024-05-14T09:30:00+08:00',
      draft: 'no',
      agency: '明川市科学技术局',
      tags: ['科技创新', '资金扶持'],
      summary: null,
      related: ['science-week', '2024/05/other'],
    });
    expect(plain).toEqual(fully(src));
  });

  it('reads true and false as the core schema does, and leaves other look-alikes to the yaml package', () => {
    for (const v of ['true', 'True', 'TRUE', 'false', 'False', 'FALSE']) {
      expect(readPlainYaml(`\nx: ${v}\n`, 1)).toEqual(fully(`\nx: ${v}\n`));
      expect(readPlainYaml(`\nx: ${v}\n`, 1)!.data.x).toBe(v.toLowerCase() === 'true');
    }
    for (const v of ['tRUE', 'fALSE']) expect(readPlainYaml(`\nx: ${v}\n`, 1)).toBeUndefined();
  });

  it('leaves to the yaml package every value the core schema reads as a number or null', () => {
    for (const v of ['2024', '-1.5', '1e3', '0x1F', '0o17', '.inf', '.NaN', 'Null', '~']) {
      expect(readPlainYaml(`\nx: ${v}\n`, 1), v).toBeUndefined();
      expect(readPlainYaml(`\nx: [a, ${v}]\n`, 1), v).toBeUndefined();
      expect(readPlainYaml(`\nx:\n  - ${v}\n`, 1), v).toBeUndefined();
    }
    expect(readYaml('\ndraft: false\ncount: 3\n', FILE, 1, defaultFrontMatterLimits).data).toStrictEqual({ draft: false, count: 3 });
  });

  it('leaves every mistake to the yaml package, so its messages are unchanged', () => {
    for (const src of ['\ntitle: A\ntitle: B\n', '\ntitle: a # b\n', '\n\ttitle: A\n', '\ntitle: "a\n', '\n__proto__: x\n', '\ntitle：通知\n', '\ntitle: a: b\n']) {
      expect(readPlainYaml(src, 1), src).toBeUndefined();
      expect(readYaml(src, FILE, 1, defaultFrontMatterLimits)).toEqual(fully(src));
    }
  });
});
