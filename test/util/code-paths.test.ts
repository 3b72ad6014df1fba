import { beforeEach, describe, expect, it } from 'vitest';
import { createProcessor } from '../../src/markdown/processor.js';
import { renderRecorded } from '../../src/markdown/render-all.js';
import type { WithBody } from '../../src/content/bulletin.js';
import { CODE_PATH, noteCodePath, notedCodePaths } from '../../src/util/code-paths.js';

const KEY = Symbol.for('bulletin.codePaths');
beforeEach(() => delete (globalThis as { [KEY]?: number })[KEY]);

describe('code paths noted for the code cache', () => {
  it('adds up the kinds of work noted', () => {
    expect(notedCodePaths()).toBe(0);
    noteCodePath(CODE_PATH.COLD);
    noteCodePath(CODE_PATH.COLD);
    noteCodePath(CODE_PATH.MARKDOWN_HERE);
    expect(notedCodePaths()).toBe(CODE_PATH.COLD | CODE_PATH.MARKDOWN_HERE);
  });

  it('notes Markdown on this thread where a bulletin is rendered, not where a processor is made', () => {
    // A build that renders nothing still makes a processor: a cache made after it must not claim the Markdown stack.
    const processor = createProcessor({ allowHtml: false });
    expect(notedCodePaths() & CODE_PATH.MARKDOWN_HERE).toBe(0);
    const bulletin = { file: 'content/a.md', contentPath: 'a.md', url: '/a/', lang: 'zh-CN', title: '通知', bodyLine: 5, body: '正文。\n' } as unknown as WithBody;
    const links = { bulletinUrls: new Map<string, string>(), unpublished: new Map<string, string>(), attachments: new Set<string>() };
    renderRecorded(processor, bulletin, links);
    expect(notedCodePaths() & CODE_PATH.MARKDOWN_HERE).toBe(CODE_PATH.MARKDOWN_HERE);
  });
});
