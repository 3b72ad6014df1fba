import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import matter from 'gray-matter';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultFrontMatterLimits, grayMatterOptions, parseFrontMatter, RefusedLanguage } from '../../src/content/front-matter.js';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';

const FILE = 'content/2020/05/flood.md';
const parse = (text: string, limits?: Parameters<typeof parseFrontMatter>[2]) => parseFrontMatter(text, FILE, limits);
const errors = (list: Diagnostic[]) => list.filter((d) => d.severity === 'error');
const shown = (list: Diagnostic[]) => list.map(formatDiagnostic);

function onlyError(text: string, limits?: Parameters<typeof parseFrontMatter>[2]): Diagnostic {
  const result = parse(text, limits);
  expect(result.data).toEqual({});
  const found = errors(result.diagnostics);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('parseFrontMatter: data, body and positions', () => {
  const text = [
    '---', // 1
    'title: Flood warning for the river valley', // 2
    'date: 2020-05-14 17:08:17', // 3
    'summary:', // 4
    'tags:', // 5
    '  - floods', // 6
    '  - "roads"', // 7
    'related: [a, b]', // 8
    '---', // 9
    '# Flood warning', // 10
    '',
    'Stay away from the river.',
    '',
  ].join('\n');

  it('reads the fields, the body and the line the body starts on', () => {
    const result = parse(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.data).toEqual({
      title: 'Flood warning for the river valley',
      date: '2020-05-14 17:08:17',
      summary: null,
      tags: ['floods', 'roads'],
      related: ['a', 'b'],
    });
    expect(result.body).toBe('# Flood warning\n\nStay away from the river.\n');
    expect(result.bodyLine).toBe(10);
  });

  it('keeps an unquoted date and time as the string written, not a Date', () => {
    expect(parse(text).data.date).toBe('2020-05-14 17:08:17');
    expect(parse('---\ndate: 2020-05-14\nflag: yes\n---\n').data).toEqual({ date: '2020-05-14', flag: 'yes' });
  });

  it('gives each key the 1-based line and column of its value, or of the key when the value is empty', () => {
    const { positions } = parse(text);
    expect(positions.get('title')).toEqual({ line: 2, column: 8 });
    expect(positions.get('date')).toEqual({ line: 3, column: 7 });
    expect(positions.get('summary')).toEqual({ line: 4, column: 1 });
    expect(positions.get('tags')).toEqual({ line: 6, column: 3 });
  });

  it('gives the position of each item of a block list and a bracketed list', () => {
    const { itemPositions } = parse(text);
    expect(itemPositions.get('tags')).toEqual([{ line: 6, column: 5 }, { line: 7, column: 5 }]);
    expect(itemPositions.get('related')).toEqual([{ line: 8, column: 11 }, { line: 8, column: 14 }]);
    expect(itemPositions.has('title')).toBe(false);
  });

  it('accepts blank lines before the opening --- and counts them in every line number', () => {
    const result = parse(`\n\n${text}`);
    expect(result.diagnostics).toEqual([]);
    expect(result.positions.get('title')).toEqual({ line: 4, column: 8 });
    expect(result.itemPositions.get('tags')).toEqual([{ line: 8, column: 5 }, { line: 9, column: 5 }]);
    expect(result.bodyLine).toBe(12);
  });

  it('reports problems after blank lines at the right line', () => {
    const d = onlyError('\n\n---\ntitle: A\ntitle: B\n---\n');
    expect(d).toMatchObject({ line: 5, message: 'appears twice (lines 4 and 5).' });
  });

  it('accepts ---yaml and an empty body, and leaves empty front matter to the field checks', () => {
    expect(parse('---yaml\ntitle: A\n---').data).toEqual({ title: 'A' });
    expect(parse('---yaml\ntitle: A\n---')).toMatchObject({ body: '', bodyLine: 4 });
    expect(parse('---\n---\nBody')).toMatchObject({ data: {}, body: 'Body', diagnostics: [] });
  });

  it('closes the front matter only on a line that is exactly ---', () => {
    const result = parse('---\ntitle: A\nbody: |\n  ---\n  not the end\n---\nBody\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.data).toEqual({ title: 'A', body: '---\nnot the end\n' });
    expect(result.bodyLine).toBe(7);
  });

  it('accepts a closing --- with trailing spaces and starts the body on the next line', () => {
    const result = parse('---\ntitle: A\n---   \n    indented code\n');
    expect(result).toMatchObject({ data: { title: 'A' }, body: '    indented code\n', bodyLine: 4, diagnostics: [] });
  });

  it('keeps front matter that is only comments as no fields, with the body after it', () => {
    expect(parse('---\n# nothing yet\n---\nBody\n')).toMatchObject({ data: {}, body: 'Body\n', bodyLine: 4, diagnostics: [] });
  });

  it('refuses a line starting with --- that is not the closing fence, instead of closing there', () => {
    for (const [text, line] of [['---\ntitle: A\n----\nBody\n', 3], ['---\ntitle: A\n---more\ndate: 2020-05-14\n---\n', 3]] as const) {
      const d = onlyError(text);
      expect(formatDiagnostic(d)).toBe(
        `${FILE}:${line}:1 line ${line} starts with --- but is not a closing line of exactly three dashes. End the front matter with a line that is just ---; if this text belongs to a field, put the value in double quotes.`,
      );
    }
  });

  it('splits off the same body as gray-matter given the whole file', () => {
    // The body no longer goes through gray-matter (see parseFrontMatter): it must come out as if it had.
    const line = fc.array(fc.constantFrom('', '---', '--- ', 'a', ' b', '\t', '#', '---x', '中文', '\r'), { maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), fc.constantFrom('---', '---  ', '---\t'), fc.boolean(), (lines, closing, endsWithNewline) => {
        const body = lines.join('\n') + (endsWithNewline ? '\n' : '');
        const text = `---\ntitle: A\n${closing}${body === '' ? '' : `\n${body}`}`;
        const normalized = text.replace(/\r\n?/g, '\n');
        const closeEnd = normalized.indexOf('\n', 4 + 'title: A\n'.length);
        const whole = matter(`${normalized.slice(0, 13)}---${closeEnd === -1 ? '' : normalized.slice(closeEnd)}`, grayMatterOptions(() => ({ title: 'A' })));
        expect(parse(text).body).toBe(whole.content);
      }),
      { numRuns: 500 },
    );
  });

  it('gives every file its own result even when two files have the same text', () => {
    const same = '---\ntitle: A\ntags: [x]\n---\n';
    const first = parseFrontMatter(same, 'content/a.md');
    (first.data.tags as string[]).push('changed');
    const second = parseFrontMatter(same, 'content/b.md');
    expect(second.data).toEqual({ title: 'A', tags: ['x'] });
    expect(parseFrontMatter('---\ntitle: A\ntitle: B\n---\n', 'content/c.md').diagnostics[0]!.file).toBe('content/c.md');
  });
});

describe('parseFrontMatter: front matter that is not YAML is never run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'bulletin-fm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const canary = () => path.join(dir, `pwned-${randomBytes(8).toString('hex')}`);
  const payload = (target: string) => `{ title: require('fs').writeFileSync(${JSON.stringify(target)}, 'x') || 'pwned' }`;

  it('uses a payload that really does write a file when gray-matter evaluates it', () => {
    // Positive control: without it, a broken payload would make the next test pass for the wrong reason.
    const target = canary();
    matter(`---js\n${payload(target)}\n---\nBody\n`, {});
    expect(existsSync(target)).toBe(true);
  });

  for (const opening of ['---js', '---javascript', '--- javascript', '---JS', '---Javascript', '---coffee', '---cson', '---json', '---constructor']) {
    it(`refuses front matter opened with "${opening}" without running it`, () => {
      const target = canary();
      const d = onlyError(`${opening}\n${payload(target)}\n---\nBody\n`);
      const word = opening.slice(3).trim();
      expect(existsSync(target)).toBe(false);
      expect(d).toMatchObject({ severity: 'error', file: FILE, line: 1 });
      expect(d.message).toBe(`front matter is written as "${word}", which bulletin does not run.`);
      expect(d.hint).toBe('Write it as YAML between two --- lines.');
    });
  }

  it('gives gray-matter engines that refuse every language but YAML, as a second fence behind the scan', () => {
    for (const word of ['js', 'javascript', 'JavaScript', 'coffee', 'cson', 'json']) {
      const target = canary();
      expect(() => matter(`---${word}\n${payload(target)}\n---\nBody\n`, grayMatterOptions(() => ({})))).toThrow(RefusedLanguage);
      expect(existsSync(target), word).toBe(false);
    }
    expect(matter('---\ntitle: A\n---\nBody\n', grayMatterOptions(() => ({ read: 'by us' }))).data).toEqual({ read: 'by us' });
  });

  it('refuses a language word after blank lines too', () => {
    const target = canary();
    expect(onlyError(`\n---js\n${payload(target)}\n---\n`).line).toBe(2);
    expect(existsSync(target)).toBe(false);
  });
});

describe('parseFrontMatter: limits', () => {
  const laughs = [
    'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  ].join('\n');

  it('has defaults of 64 KiB, depth 20 and no aliases', () => {
    expect(defaultFrontMatterLimits).toEqual({ maxBytes: 65536, maxDepth: 20, maxAliases: 0 });
  });

  it('rejects a billion-laughs alias bomb', () => {
    const d = onlyError(`---\n${laughs}\n---\n`);
    expect(d).toMatchObject({ line: 3, field: 'b' });
    expect(d.message).toBe('line 3 uses a YAML alias (*a), which bulletin does not allow.');
  });

  it('rejects a billion-laughs alias bomb when a few aliases are allowed', () => {
    expect(onlyError(`---\n${laughs}\n---\n`, { maxAliases: 10 }).message).toBe('front matter uses more than 10 YAML aliases (*name).');
  });

  it('reports an alias that names no anchor when aliases are allowed', () => {
    expect(onlyError('---\ntitle: *Urgent\n---\n', { maxAliases: 10 }).message).toBe('front matter uses a YAML alias (*name) that bulletin cannot expand.');
  });

  it('explains that a value starting with * is read as an alias', () => {
    expect(shown(parse('---\ntitle: *Urgent* road closure\n---\n').diagnostics)).toEqual([
      `${FILE}:2:8 title: line 2 uses a YAML alias (*Urgent*), which bulletin does not allow. Write the value out in full; if it really starts with *, put it in double quotes.`,
    ]);
  });

  it('rejects nesting deeper than the limit and accepts nesting at the limit', () => {
    const nested = (levels: number) => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' x';
    expect(parse(`---\n${nested(3)}\n---\n`, { maxDepth: 3 }).diagnostics).toEqual([]);
    const d = onlyError(`---\n${nested(4)}\n---\n`, { maxDepth: 3 });
    expect(d).toMatchObject({ line: 5, field: 'k0', message: 'front matter is nested more than 3 levels deep.' });
  });

  it('rejects thousands of nested brackets without crashing', () => {
    const d = onlyError(`---\ntags: ${'['.repeat(20000)}\n---\n`);
    expect(d.message).toMatch(/nested/);
  });

  it('rejects front matter larger than the byte limit', () => {
    const d = onlyError(`---\ntitle: A\nsummary: ${'x'.repeat(70 * 1024)}\n---\n`);
    expect(d).toMatchObject({ line: 1, message: 'front matter is 71 KB, more than the 64 KB bulletin accepts.' });
    expect(onlyError('---\ntitle: Flood warning\n---\n', { maxBytes: 10 }).message).toMatch(/more than the 1 KB/);
  });
});

describe('parseFrontMatter: mistakes a press officer can make', () => {
  it('reports a duplicate key with both lines, at the second one', () => {
    const d = onlyError('---\ntitle: A\ndate: 2020-05-14\nsummary: x\ntitle: B\n---\n');
    expect(d).toMatchObject({ file: FILE, line: 5, column: 1, field: 'title', message: 'appears twice (lines 2 and 5).', hint: 'Keep one.' });
    expect(formatDiagnostic(d)).toBe(`${FILE}:5:1 title: appears twice (lines 2 and 5). Keep one.`);
  });

  it('reports a duplicate key inside a list item under its top-level field', () => {
    const d = onlyError('---\nattachments:\n  - href: a.pdf\n    href: b.pdf\n---\n');
    expect(d).toMatchObject({ line: 4, field: 'attachments', message: '"href" appears twice (lines 3 and 4).' });
  });

  it('reports a tab used for indentation with its line', () => {
    const d = onlyError('---\ntitle: A\ntags:\n\t- floods\n---\n');
    expect(d).toMatchObject({ line: 4, column: 1, field: 'tags', message: 'line 4 is indented with a tab; YAML needs spaces.' });
  });

  it('reports a closing --- that never comes', () => {
    const d = onlyError('---\ntitle: A\ndate: 2020-05-14\n\nBody text\n');
    expect(formatDiagnostic(d)).toBe(`${FILE}:1 front matter starts on line 1 but never ends. Add a line with just --- after the last field.`);
  });

  it('reports a file without front matter instead of rendering the fields as body text', () => {
    for (const text of ['title: A\ndate: 2020-05-14\n\nBody\n', '# Heading\n', '']) {
      const d = onlyError(text);
      expect(d).toMatchObject({ line: 1, message: 'has no front matter.' });
      expect(d.hint).toBe('Start the file with a --- line, then title: and date:, then another --- line.');
    }
  });

  it('rejects front matter whose top level is a list or plain text', () => {
    expect(onlyError('---\n- title: A\n---\n').message).toBe('front matter is a list, but it should be fields such as title: and date:.');
    expect(onlyError('---\nFlood warning\n---\n').message).toBe('front matter is plain text, but it should be fields such as title: and date:.');
  });

  it('explains a second colon in a value and shows the quoted fix', () => {
    const d = onlyError('---\ntitle: Minister: new flood plan\n---\n');
    expect(d).toMatchObject({ line: 2, column: 8, field: 'title' });
    expect(d.hint).toBe('Put the whole value in double quotes: title: "Minister: new flood plan"');
  });

  it('gives YAML syntax errors a line, a column and plain words', () => {
    const cases: [string, number, RegExp][] = [
      ['---\ntitle: "Flood\ndate: 2020-05-14\n---\n', 4, /quotes is never closed/],
      ['---\ntitle: "Flood" warning\n---\n', 2, /more text after a closing quote/],
      ['---\ntitle: @minister\n---\n', 2, /cannot start with @/],
      ['---\ntitle: !Urgent\n---\n', 2, /starting with ! has a special meaning/],
      ['---\ntitle: "C:\\docs"\n---\n', 2, /backslash/],
      ['---\ntitle A\ndate: 2020-05-14\n---\n', 2, /has no "name:" part/],
      ['---\n  title: A\n date: 2020-05-14\n---\n', 3, /not lined up/],
      ['---\ntags: [a, b\n---\n', 3, /not closed/],
      ['---\ntitle: A\n...\ndate: 2020-05-14\n---\n', 4, /\.\.\. line/],
    ];
    for (const [text, line, message] of cases) {
      const d = onlyError(text);
      expect(d.line, text).toBe(line);
      expect(d.column, text).toBeGreaterThan(0);
      expect(d.message, text).toMatch(message);
      expect(d.message, text).not.toMatch(/^Error|YAML\w*Error|Implicit|compact/);
    }
  });

  it('rejects an opening line with extra dashes or with fields on it', () => {
    expect(onlyError('----\ntitle: A\n----\n').message).toBe('line 1 has more than three dashes.');
    expect(onlyError('--- title: A\n---\n').message).toBe('line 1 has text after the opening ---.');
  });

  it('rejects __proto__ as a field name and leaves Object.prototype alone', () => {
    const d = onlyError('---\n__proto__:\n  polluted: true\n---\n');
    expect(d).toMatchObject({ line: 2, field: '__proto__' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('warns, without failing, when # turns the end of a value into a comment', () => {
    const result = parse('---\ntitle: Update on case #5\n---\n');
    expect(result.data).toEqual({ title: 'Update on case' });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', line: 2, column: 23, field: 'title' }),
    ]);
    expect(parse('---\ntitle: "Update on case #5"\n---\n')).toMatchObject({ data: { title: 'Update on case #5' }, diagnostics: [] });
  });

  it('does not turn tagged values into dates or binary data', () => {
    const result = parse('---\ndate: !!timestamp 2020-05-14\n---\n');
    expect(errors(result.diagnostics)).toHaveLength(1);
    expect(result.data).toEqual({});
  });
});

describe('parseFrontMatter: slips of a Chinese input method', () => {
  it('points at a Chinese colon after a field name and shows the fix', () => {
    expect(shown(parse('---\ntitle：防汛通知\ndate: 2020-05-14\n---\n').diagnostics)).toEqual([
      `${FILE}:2:1 title: line 2 has a Chinese colon (：) after "title"; YAML needs an English colon (:) followed by a space. Write it as title: 防汛通知`,
    ]);
    expect(errors(parse('---\ntitle: 防汛通知\ndate：2020-05-14\n---\n').diagnostics)).toMatchObject([{ line: 3, field: 'date' }]);
  });

  it('leaves a Chinese colon inside a value alone', () => {
    const result = parse('---\ntitle: 防汛通知\nsummary: |\n  联系人：王先生\n  Contact：Mr Wang\n---\n');
    expect(result.diagnostics).toEqual([]);
    expect(result.data.summary).toBe('联系人：王先生\nContact：Mr Wang\n');
  });

  it('names TOML front matter (+++) instead of saying there is none', () => {
    expect(formatDiagnostic(onlyError('+++\ntitle = "A"\n+++\nBody\n'))).toBe(
      `${FILE}:1 front matter is written as TOML (between +++ lines), which bulletin does not read. Write it as YAML between two --- lines: title: ..., date: ...`,
    );
  });

  it('recognises ——— and －－－ typed for --- as fences and says so', () => {
    for (const [text, line, dashes] of [['———\ntitle: A\n———\n', 1, '———'], ['---\ntitle: A\n－－－\nBody\n', 3, '－－－']] as const) {
      expect(formatDiagnostic(onlyError(text))).toBe(
        `${FILE}:${line}:1 line ${line} is "${dashes}", which looks like --- but is made of other dash characters. Type three hyphens (---) with the input method in English mode.`,
      );
    }
  });
});
