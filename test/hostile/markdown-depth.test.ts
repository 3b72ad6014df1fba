/** Deeply nested Markdown is an error at its line, never a stack overflow, and the limit is exact. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { MAX_NESTING } from '../../src/markdown/limit-nesting.js';
import { createProcessor, type MarkdownProcessor } from '../../src/markdown/processor.js';
import { renderBody } from '../../src/markdown/render-bulletin.js';

const context = { contentPath: '2024/a.md', pageUrl: '/2024/05/a/', bulletinUrls: new Map(), attachments: new Set<string>(), lang: 'zh-CN' };
const render = (md: string) => renderBody(createProcessor({ allowHtml: false }), md, context, { file: 'content/2024/a.md', bodyLine: 5 });
// n quote markers give text MAX_NESTING deep when n = MAX_NESTING - 2 (quotes, then paragraph, then text).
const quotes = (n: number) => `正文。\n\n${'>'.repeat(n)} 引用\n`;

describe('Markdown nesting limit', () => {
  it('renders nesting up to the limit', () => {
    const out = render(quotes(MAX_NESTING - 2));
    expect(out.diagnostics).toEqual([]);
    expect(out.text).toContain('引用');
  });

  it('reports one level more at its line in the file', () => {
    const out = render(quotes(MAX_NESTING - 1));
    expect(out.html).toBe('');
    expect(out.diagnostics.map(formatDiagnostic)).toEqual([
      'content/2024/a.md:7 lists, quotes or emphasis are nested more than 100 levels deep here, more than bulletin can show. Flatten the lists or quotes near this line; a press release rarely needs more than three levels.',
    ]);
  });

  it('reports thousands of nested quotes at their line, quickly and the same way every time', () => {
    for (let run = 0; run < 2; run++) {
      const out = render(quotes(20_000));
      expect(out.diagnostics.map(formatDiagnostic)).toEqual([
        'content/2024/a.md:7 lists, quotes or emphasis are nested more than 100 levels deep here, more than bulletin can show. Flatten the lists or quotes near this line; a press release rarely needs more than three levels.',
      ]);
    }
  }, 30_000);

  it('turns a stack overflow while parsing into an error too, should a future plugin recurse', () => {
    const overflowing = { parse: () => { throw new RangeError('Maximum call stack size exceeded'); } } as unknown as MarkdownProcessor;
    const out = renderBody(overflowing, 'x', context, { file: 'content/2024/a.md', bodyLine: 5 });
    expect(out.diagnostics.map(formatDiagnostic)).toEqual([
      'content/2024/a.md the text has lists, quotes or emphasis nested more than 100 levels deep, more than bulletin can show. Flatten the deepest lists or quotes; a press release rarely needs more than three levels.',
    ]);
    const failing = { parse: () => { throw new TypeError('a bug'); } } as unknown as MarkdownProcessor;
    expect(() => renderBody(failing, 'x', context, { file: 'content/2024/a.md', bodyLine: 5 })).toThrow('a bug');
  });
});
