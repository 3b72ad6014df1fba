import type { Root } from 'mdast';
import type { Node } from 'unist';
import { error, type Diagnostic } from '../diagnostics.js';

/**
 * Deepest nesting of Markdown nodes a body may have. Every later stage (remark-rehype, the
 * plugins, rehype-stringify) walks the tree recursively, so a body of 5,000 nested `>` quotes
 * would overflow the call stack. A fixed limit, far above anything a press release needs (a list
 * nested 30 levels is about 62 nodes deep), fails the same way on every machine and thread,
 * which catching the overflow alone would not.
 */
export const MAX_NESTING = 100;

const HINT = 'Flatten the lists or quotes near this line; a press release rarely needs more than three levels.';

/** The problem with a body nested deeper than MAX_NESTING, at its first too-deep node; undefined if none. Iterative, so it cannot overflow itself. */
export function nestingProblem(tree: Root, where: { file: string; bodyLine: number }): Diagnostic | undefined {
  const stack: [Node, number][] = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_NESTING) {
      const line = node.position ? node.position.start.line + where.bodyLine - 1 : where.bodyLine;
      return error(`lists, quotes or emphasis are nested more than ${MAX_NESTING} levels deep here, more than bulletin can show.`, { file: where.file, line, hint: HINT });
    }
    const children = (node as { children?: Node[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1]);
  }
  return undefined;
}

/** For nesting so deep that parsing itself overflowed before nestingProblem could look. */
export function nestedTooDeeply(where: { file: string; bodyLine: number }): Diagnostic {
  // Parsing gave up before positions were known, so the message names the body, not a line.
  return error(`the text has lists, quotes or emphasis nested more than ${MAX_NESTING} levels deep, more than bulletin can show.`, { file: where.file, hint: 'Flatten the deepest lists or quotes; a press release rarely needs more than three levels.' });
}

/** V8's error for a full call stack; anything else is a real bug and is rethrown. */
export function isStackOverflow(cause: unknown): boolean {
  return cause instanceof RangeError && /call stack/i.test(cause.message);
}
