import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { mayHoldTable, remarkGfmLite } from '../../src/markdown/gfm-lite.js';

const lite = unified().use(remarkParse).use(remarkGfmLite).use(remarkRehype).use(rehypeStringify);
const full = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify);
const html = (p: typeof lite, md: string) => String(p.processSync(md));

describe('remarkGfmLite', () => {
  it('renders tables exactly as remark-gfm does', () => {
    const md = '| 指标 | 2024年 | 增幅 |\n| --- | ---: | :-: |\n| 项目 | 12 | 3.5% |\n';
    expect(html(lite, md)).toBe(html(full, md));
    expect(html(lite, md)).toContain('<td align="right">12</td>');
  });

  it('turns bare URLs, www. addresses and e-mail addresses into links, as remark-gfm does', () => {
    for (const md of [
      '原文：https://www.example.gov.cn/a/b.html?x=1，请查阅。',
      'See www.example.org/path.',
      'Contact press@example.gov.cn or visit http://example.org.',
      '详见[网站](https://example.org/)及 https://example.org/2。',
    ]) {
      expect(html(lite, md)).toBe(html(full, md));
      expect(html(lite, md)).toContain('<a href=');
    }
  });

  it('leaves text without a link candidate untouched', () => {
    const md = '今年以来，全市完成 12 个项目。';
    expect(html(lite, md)).toBe('<p>今年以来，全市完成 12 个项目。</p>');
  });
});

describe('mayHoldTable', () => {
  const noTables = unified().use(remarkParse).use(remarkGfmLite, { tables: false }).use(remarkRehype).use(rehypeStringify);

  it('is true for every body that renders a table, pipes or not', () => {
    for (const md of ['| a |\n| - |', 'a\n:-', 'a\n-:', 'a\n:-:', '> a\n> :--', '- a\n\n  b\n  --:']) {
      expect(html(lite, md), md).toContain('<table>');
      expect(mayHoldTable(md), md).toBe(true);
    }
  });

  it('is false only for bodies that render the same without the table construct', () => {
    const pieces = ['a', '-', ':', ' ', '\n', '>', '*', '1.', '#', '`', '--', 'b c', '：', '\t', '[x](y)'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const md = parts.join('');
        fc.pre(!mayHoldTable(md));
        expect(html(noTables, md)).toBe(html(lite, md));
      }),
      { numRuns: 2000 },
    );
  }, 30_000);
});
