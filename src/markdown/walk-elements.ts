import type { Element, Root } from 'hast';

/**
 * Calls `visit` for every element below `tree`, parents before children, in document order, with
 * its index and parent. The visitor may replace the element in `parent.children[index]`; the walk
 * still goes into the element it was called with. Cheaper than unist-util-visit, which builds an
 * array of ancestors for every node; bodies are at most MAX_NESTING deep (limit-nesting.ts), so the
 * recursion is bounded.
 */
export function forEachElement(tree: Root | Element, visit: (node: Element, index: number, parent: Root | Element) => void): void {
  const children = tree.children;
  for (let i = 0; i < children.length; i++) {
    const node = children[i]!;
    if (node.type !== 'element') continue;
    visit(node, i, tree);
    forEachElement(node, visit);
  }
}
