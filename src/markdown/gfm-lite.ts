import type { Processor } from 'unified';
import type { Root, Nodes } from 'mdast';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';

type Transform = (tree: Root) => void;

/**
 * The parts of GitHub Flavored Markdown press releases use, at about half of remark-gfm's parse cost
 * (bench/gfm-cost.mjs): tables, and bare URLs and e-mail addresses turned into links. The bare-URL
 * micromark construct is the expensive part (it inspects every character of every paragraph), so
 * links are found instead by mdast-util-gfm-autolink-literal's own regex pass over text nodes, and
 * only over bodies that contain a candidate at all. Strikethrough, footnotes and task lists are left
 * out: press releases do not use them, and the sample content and generated corpus render
 * byte-identically without them.
 */
export function remarkGfmLite(this: Processor, options: { tables?: boolean } = {}): void {
  const data = this.data();
  const autolinks = gfmAutolinkLiteralFromMarkdown().transforms![0] as Transform;
  const bareLinks: Transform = (tree) => {
    if (hasCandidate(tree)) autolinks(tree);
  };
  if (options.tables !== false) {
    (data.micromarkExtensions ??= []).push(gfmTable());
    (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
  }
  (data.fromMarkdownExtensions ??= []).push({ transforms: [bareLinks] });
}

/**
 * Whether `body` can hold a GFM table at all. A table's delimiter row needs a `|`, or else a `:`
 * next to a `-` (`:-` or `-:`, as in `a` over `:-`); a body with neither parses the same without
 * the table construct, which is otherwise tried on every line of every paragraph.
 */
export function mayHoldTable(body: string): boolean {
  return body.includes('|') || body.includes(':-') || body.includes('-:');
}

/**
 * A text node that could hold a bare link (`http://`, `www.`, `@`); most paragraphs hold none.
 * A loop, not recursion: it runs inside parsing, before the nesting limit (limit-nesting.ts) can
 * turn a body of thousands of nested quotes into an error, and must not overflow the stack first.
 */
function hasCandidate(tree: Nodes): boolean {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'text') {
      if (node.value.includes('://') || node.value.includes('www.') || node.value.includes('@')) return true;
    } else if (node.type !== 'link' && node.type !== 'linkReference' && 'children' in node) {
      for (const child of node.children) stack.push(child);
    }
  }
  return false;
}
