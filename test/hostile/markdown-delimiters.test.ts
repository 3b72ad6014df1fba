/** A pasted run of emphasis markers is an error at its paragraph, never a parser that runs for minutes. */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { MAX_DELIMITERS_PER_PARAGRAPH } from '../../src/markdown/limit-delimiters.js';
import { createProcessor } from '../../src/markdown/processor.js';
import { renderBody } from '../../src/markdown/render-bulletin.js';

const context = { contentPath: '2024/a.md', pageUrl: '/2024/05/a/', bulletinUrls: new Map(), attachments: new Set<string>(), lang: 'zh-CN' };
const render = (md: string) => renderBody(createProcessor({ allowHtml: false }), md, context, { file: 'content/2024/a.md', bodyLine: 5 });

describe('emphasis markers per paragraph', () => {
  it('renders a paragraph with as many markers as the limit allows', () => {
    const out = render(`第一段。\n\n${'*a* '.repeat(MAX_DELIMITERS_PER_PARAGRAPH / 2)}\n`);
    expect(out.diagnostics).toEqual([]);
    expect(out.html).toContain('<em>a</em>');
  });

  it('counts each paragraph on its own', () => {
    const paragraph = '_b_ '.repeat(MAX_DELIMITERS_PER_PARAGRAPH / 2);
    expect(render(`${paragraph}\n\n${paragraph}\n`).diagnostics).toEqual([]);
  });

  it('reports a flood of asterisks at the line where its paragraph starts', () => {
    const out = render(`第一段。\n\n第二段\n${'*'.repeat(50_000)}\n`);
    expect(out.html).toBe('');
    expect(out.diagnostics.map(formatDiagnostic)).toEqual([
      `content/2024/a.md:7 has more than ${MAX_DELIMITERS_PER_PARAGRAPH} * , _ or ~ characters in one paragraph, which is too many to read as Markdown. Remove the run of symbols, or put it in a code block between \`\`\` lines.`,
    ]);
  });
});
