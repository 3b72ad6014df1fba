import { VFile } from 'vfile';
import type { Root as MdastRoot, RootContent } from 'mdast';
import type { Root as HastRoot } from 'hast';
import { error, warning, type Diagnostic } from '../diagnostics.js';
import { parserFor, type MarkdownProcessor } from './processor.js';
import type { RenderContext } from './render-context.js';
import { delimiterFlood } from './limit-delimiters.js';
import { isStackOverflow, nestedTooDeeply, nestingProblem } from './limit-nesting.js';

export interface RenderedBody {
  html: string;
  /** Plain text of the body, blocks separated by newlines: for summaries, related articles and search. */
  text: string;
  attachmentsUsed: string[];
  diagnostics: Diagnostic[];
}

/**
 * Renders one bulletin body. Positions of problems are shifted by `bodyLine` so they point into the
 * file, not into the body.
 */
export function renderBody(
  processor: MarkdownProcessor,
  body: string,
  context: RenderContext,
  where: { file: string; bodyLine: number },
): RenderedBody {
  const vfile = new VFile({ value: body, data: { site: context } });
  const failed = (d: Diagnostic): RenderedBody => ({ html: '', text: '', attachmentsUsed: [], diagnostics: [d] });
  const flood = delimiterFlood(body, where);
  if (flood) return failed(flood);
  let mdast: MdastRoot;
  try {
    mdast = parserFor(processor, body).parse(vfile) as MdastRoot;
  } catch (cause) {
    if (!isStackOverflow(cause)) throw cause;
    return failed(nestedTooDeeply(where));
  }
  // Checked before any recursive walk (plainText included), so deep input is an error, not a crash.
  const deep = nestingProblem(mdast, where);
  if (deep) return failed(deep);
  const text = plainText(mdast);
  const hast = processor.runSync(mdast, vfile) as HastRoot;
  const html = processor.stringify(hast, vfile) as string;
  const diagnostics = vfile.messages.map((m) => {
    const at = { file: where.file, line: m.line ? m.line + where.bodyLine - 1 : where.bodyLine, column: m.column ?? undefined };
    return m.fatal ? error(m.reason, at) : warning(m.reason, at);
  });
  return { html, text, attachmentsUsed: vfile.data.facts?.attachmentsUsed ?? [], diagnostics };
}

const BLOCK = new Set(['paragraph', 'heading', 'listItem', 'tableRow', 'tableCell', 'blockquote', 'code', 'list', 'table']);

/** Text content of Markdown, with a newline after each block so words never run together. */
export function plainText(tree: MdastRoot): string {
  const out: string[] = [];
  const walk = (node: MdastRoot | RootContent): void => {
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') out.push(node.value);
    else if (node.type === 'image') out.push(node.alt ?? '');
    if ('children' in node) for (const child of node.children) walk(child);
    if (BLOCK.has(node.type)) out.push(node.type === 'tableCell' ? ' ' : '\n');
  };
  walk(tree);
  return out.join('').replace(/[ \t]*\n[\s]*/g, '\n').trim();
}

const SENTENCE_END = /[。！？!?；;]|\.\s/g;

/**
 * A summary of about `max` characters from the start of the text, cut at a sentence end when one is
 * near, otherwise at a character boundary (never inside a surrogate pair), with an ellipsis.
 */
export function summarize(text: string, max = 120): string {
  // Paragraphs are joined so a short salutation line ("各有关单位：") does not become the summary.
  const joined = text.split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  // The first `max` code points, counted the way Array.from counts them, without splitting the whole text.
  let end = 0;
  for (let n = 0; n < max && end < joined.length; n++) end += isPairAt(joined, end) ? 2 : 1;
  if (end >= joined.length) return joined;
  const head = joined.slice(0, end);
  let cut = -1;
  for (const m of head.matchAll(SENTENCE_END)) cut = m.index! + 1;
  if (cut >= head.length * 0.5) return head.slice(0, cut).trim();
  return `${head.trimEnd()}…`;
}

/** A surrogate pair (one code point in two code units) starts at `i`. */
function isPairAt(s: string, i: number): boolean {
  const hi = s.charCodeAt(i);
  if (hi < 0xd800 || hi > 0xdbff) return false;
  const lo = s.charCodeAt(i + 1);
  return lo >= 0xdc00 && lo <= 0xdfff;
}
