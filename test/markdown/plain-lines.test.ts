import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Root } from 'mdast';
import { isPlain, remarkPlainLines, restorePlainLines, shrinkPlainLines } from '../../src/markdown/plain-lines.js';
import { remarkGfmLite } from '../../src/markdown/gfm-lite.js';

const withStandIns = unified().use(remarkParse).use(remarkPlainLines).use(remarkGfmLite).freeze();
const whole = unified().use(remarkParse).use(remarkGfmLite).freeze();
const bare = unified().use(remarkParse).freeze();
const parseShrunk = (text: string) => bare.parse(text);

const PROSE = '今年以来，全市科技创新工作稳步推进，新增高新技术企业128家，同比增长12.5%。';
const ENGLISH = 'The bureau opened 12 new service points this year, up 8.5% on last year, at www.example.org today.';

describe('shrinkPlainLines', () => {
  it('swaps each run of blank-separated plain lines for one stand-in, keeping every other line', () => {
    const body = `${PROSE}\n\n${ENGLISH}\n\n## 主要举措\n\n- 一项\n- 两项\n\n${PROSE}\n`;
    const shrunk = shrinkPlainLines(body)!;
    expect(shrunk.text).toBe('x\n\n## 主要举措\n\n- x\n\nx\n');
    expect(shrunk.runs.map((run) => [run.kind, run.paragraphs.map((p) => p.line)])).toEqual([
      ['paragraphs', [1, 3]],
      ['list', [7, 8]],
      ['paragraphs', [10]],
    ]);
  });

  it('swaps short plain lines too: one stand-in for the run', () => {
    expect(shrinkPlainLines('短句。\n\n又一短句。\n\n## 标题')?.text).toBe('x\n\n## 标题');
  });

  it('leaves lines that touch another line and lines with syntax early on alone', () => {
    expect(shrinkPlainLines(`${PROSE}\n${PROSE}\n`)).toBeNull(); // one paragraph over two lines
    expect(shrinkPlainLines('开头**重点**之后还有很长很长很长很长很长很长很长很长的一段文字。\n\n短句`代码`。')).toBeNull();
  });

  it('swaps the plain head of a line with syntax further on, keeping its last character and the rest', () => {
    const body = `${PROSE}**重点**\n\n${PROSE}详见[网站](https://example.org/)。\n`;
    const shrunk = shrinkPlainLines(body)!;
    expect(shrunk.text).toBe('x。**重点**\n\nx见[网站](https://example.org/)。\n');
    expect(shrunk.heads.map((h) => [h.bodyLine, h.text])).toEqual([
      [1, PROSE.slice(0, -1)],
      [3, `${PROSE}详`],
    ]);
  });

  it('leaves a list alone unless it stands between blank lines and every item is a plain line after "- "', () => {
    for (const body of ['正文\n- 一项\n- 两项', '- 一项\n- 两项\n续行', '- 一项\n* 两项', '- 一项\n-  两项', '- 一项\n- **两项**', '- 一项\n- # 两项', '- 一项\n- 1. 两项', '- 一项\n-\n', '- 一项\n  - 嵌套', '- 一项 ']) {
      expect(shrinkPlainLines(body), body).toBeNull();
    }
  });

  it('leaves the head of a line alone when the line touches another, holds a table bar, tab or carriage return, or starts a block', () => {
    for (const body of [`${PROSE}**重点**\n${PROSE}`, `${PROSE}| 甲 |`, `${PROSE}**重点**\t`, `${PROSE}**重点**\r`, `- ${PROSE}**重点**`, `> ${PROSE}**重点**`]) {
      expect(shrinkPlainLines(body), body).toBeNull();
    }
  });
});

describe('isPlain', () => {
  it('accepts prose, including lines that start with a date or a number', () => {
    for (const line of [PROSE, ENGLISH, '4月16日，市科技局召开会议。', '2024年全市新增企业300家。', '一、总体要求（试行）：“稳中求进”']) {
      expect(isPlain(line), line).toBe(true);
    }
  });

  it('refuses anything that can start a block or hold inline syntax', () => {
    for (const line of ['# 标题', '> 引用', '- 列表', '+ 列表', '* 列表', '1. 第一', '12) 第二', '1.5亿元', '    缩进', ' 空格开头', '```', '~~~', '<div>', '[链接]: /a', '| 表 |', ':-', '===', '___', '\ufeff开头', '正文**加粗**', '正文_强调_', '正文`代码`', '正文[链接](/a)', '正文![图](a.png)', '正文<b>', '正文&amp;', '正文\\*', '正文~删除~', '正文\t制表', '正文\r', '正文a>b', '硬换行  ']) {
      expect(isPlain(line), line).toBe(false);
    }
  });
});

describe('restorePlainLines', () => {
  it('gives the tree, positions included, that parsing the whole body gives', () => {
    const body = `${PROSE}\n\n${ENGLISH}\n\n## 主要举措\n\n- 一项\n- 两项\n\n${PROSE}\n\n详见[网站](https://example.org/)。`;
    const shrunk = shrinkPlainLines(body)!;
    const tree = parseShrunk(shrunk.text);
    expect(restorePlainLines(tree, shrunk)).toBe(true);
    expect(tree).toEqual(bare.parse(body));
  });

  it('refuses when a stand-in is not a paragraph of its own: plain lines inside fenced code or an HTML comment', () => {
    for (const body of [`\`\`\`\n\n${PROSE}\n\n\`\`\``, `<!--\n\n${PROSE}\n\n-->`, `<pre>\n\n${PROSE}\n\n</pre>`]) {
      const shrunk = shrinkPlainLines(body)!;
      expect(shrunk, body).not.toBeNull();
      expect(restorePlainLines(parseShrunk(shrunk.text), shrunk), body).toBe(false);
      // … and the processor falls back to parsing the whole body.
      expect(withStandIns.parse(body)).toEqual(whole.parse(body));
    }
  });

  it('gives the tree of the whole body for lines with a swapped head, positions included', () => {
    const body = `${PROSE}\n\n${PROSE}详见[网站](https://example.org/)，*注意*事项。\n\n## 标题\n\n${ENGLISH} See **the notice** at <https://example.org/a>.\n\n${PROSE}\n\n${PROSE}&amp;\\*。`;
    const shrunk = shrinkPlainLines(body)!;
    expect(shrunk.heads).toHaveLength(3);
    const tree = parseShrunk(shrunk.text);
    expect(restorePlainLines(tree, shrunk)).toBe(true);
    expect(tree).toEqual(bare.parse(body));
  });

  it('gives the tree of the whole body for tight lists of plain items, positions included', () => {
    const body = `主要举措：\n\n- 完善稳就业\n- 强化人才公寓\n- Promote talent: 2024 plan\n\n${PROSE}\n\n- 单独一项\n\n## 标题\n\n- 一项\n- 两项`;
    const shrunk = shrinkPlainLines(body)!;
    expect(shrunk.runs.filter((run) => run.kind === 'list')).toHaveLength(3);
    const tree = parseShrunk(shrunk.text);
    expect(restorePlainLines(tree, shrunk)).toBe(true);
    expect(tree).toEqual(bare.parse(body));
  });

  it('refuses when a list stand-in is not a list of its own: one loose list over blank lines, or inside fenced code', () => {
    for (const body of ['- 一项\n\n- 两项\n', '```\n\n- 一项\n- 两项\n\n```']) {
      const shrunk = shrinkPlainLines(body)!;
      expect(shrunk, body).not.toBeNull();
      expect(restorePlainLines(parseShrunk(shrunk.text), shrunk), body).toBe(false);
      expect(withStandIns.parse(body)).toEqual(whole.parse(body));
    }
  });

  it('refuses when a line with a swapped head is not a paragraph of its own (inside fenced code)', () => {
    const body = `\`\`\`\n\n${PROSE}**重点**\n\n\`\`\``;
    const shrunk = shrinkPlainLines(body)!;
    expect(shrunk.heads).toHaveLength(1);
    expect(restorePlainLines(parseShrunk(shrunk.text), shrunk)).toBe(false);
    expect(withStandIns.parse(body)).toEqual(whole.parse(body));
  });

  it('keeps bare links in restored lines: the link transform sees the real text', () => {
    const tree = withStandIns.parse(`${ENGLISH}\n\n${PROSE}`) as Root;
    const paragraph = tree.children[0]!;
    expect(paragraph.type === 'paragraph' && paragraph.children.some((c) => c.type === 'link')).toBe(true);
  });
});

describe('remarkPlainLines on generated bodies', () => {
  // Lines that open, close or continue every kind of block, beside plain lines that get swapped.
  const tricky = fc.constantFrom('', '   ', '\t', '```', '~~~ js', '<!--', '-->', '<div>', '</div>', '<script>', '</script>', '<pre>', '<?php', '?>', '<!DOCTYPE', '> 引用', '>', '- 列表项', '  - 嵌套', '    缩进代码', '1. 第一', '2) 第二', '# 标题', '## Title', '===', '---', '***', '| 甲 | 乙 |', '|---|---|', ':-', '[参考]: /a "题"', '[参考]', '正文  ', '正文\\', '*强调*', '**加粗**', '<b>粗</b>', '&copy;', 'https://example.org', 'press@example.gov.cn', '  ', '\u3000全角空格开头');
  const plain = fc.constantFrom(PROSE, ENGLISH, '4月16日，市科技局召开科技创新推进大会，部署全年重点工作任务。', '2024年全市新增高新技术企业300家，比上年增加四成以上，成效明显。');
  // Long lines of prose characters, odd spaces and punctuation, to probe what counts as plain.
  const proseChar = fc.constantFrom('中', '文', 'a', 'Z', '1', '0', '。', '，', '：', '“', ' ', '\u3000', '\u00a0', '\f', '\v', '\u2028', '\u0085', '\ufeff', '.', '(', ')', ':', '@', '/', '-', '#', '+', '=', '%', '"', "'", '$', '^', '{', '}', ';', ',', '?', '🇨🇳');
  const odd = fc.string({ unit: proseChar, minLength: 24, maxLength: 40 });
  // Prose with inline syntax further on: the head is swapped, the rest of the line parsed as it is.
  const inline = fc.constantFrom('*强调*', '**加粗**', '_强调_', '__加粗__', '*', '**', '_', '`代码`', '``', '[链接](/a)', '[参考]', '[参考][]', '![图](a.png)', '<b>粗</b>', '<https://example.org>', '&copy;', '&#123;', '\\*', '\\', '~删除~', '[', ']', '!', '<', '>', '&', '`', '  ', ' ', '\t', '|', ' *a* ', '*a*b', 'a*', '“*引号*”');
  const tail = fc.array(fc.oneof(inline, proseChar, plain), { maxLength: 4 }).map((parts) => parts.join(''));
  const headed = fc.tuple(fc.oneof(plain, odd), inline, tail).map(([head, syntax, rest]) => head + syntax + rest);
  // List items: mostly plain ones, some with other bullets, spacing or content.
  const item = fc.tuple(fc.constantFrom('- ', '- ', '- ', '-  ', '* ', '+ ', '1. ', '-\t', '  - '), fc.oneof(plain, odd, tricky, fc.constantFrom('一项', '完善稳就业', 'Item 2', '- 嵌套'))).map(([bullet, text]) => bullet + text);
  const line = fc.oneof({ arbitrary: plain, weight: 3 }, { arbitrary: odd, weight: 2 }, { arbitrary: headed, weight: 3 }, { arbitrary: item, weight: 3 }, { arbitrary: fc.constant(''), weight: 3 }, { arbitrary: tricky, weight: 4 }, { arbitrary: fc.string({ maxLength: 30 }), weight: 1 });
  // Lines joined by one or two line breaks, so that plain lines often stand between blank lines; the
  // last line break is sometimes left off, so that the body ends on a plain line.
  const body = fc
    .tuple(fc.array(fc.tuple(line, fc.constantFrom('\n', '\n\n')), { maxLength: 16 }), fc.boolean())
    .map(([pairs, trim]) => {
      const text = pairs.map(([words, end]) => words + end).join('');
      return trim ? text.replace(/\n+$/, '') : text;
    });

  it('parses every body to the same tree as parsing it whole, positions included', { timeout: 600_000 }, () => {
    let swapped = 0;
    let headed = 0;
    let listed = 0;
    fc.assert(
      fc.property(body, (text) => {
        const shrunk = shrinkPlainLines(text);
        if (shrunk?.runs.some((run) => run.kind === 'paragraphs')) swapped++;
        if (shrunk?.runs.some((run) => run.kind === 'list')) listed++;
        if (shrunk?.heads.length) headed++;
        expect(withStandIns.parse(text)).toEqual(whole.parse(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 0) || 2000 },
    );
    // The comparison means something only if stand-ins and swapped heads were used in many runs.
    expect(swapped).toBeGreaterThan(400);
    expect(headed).toBeGreaterThan(400);
    expect(listed).toBeGreaterThan(100);
  });
});
