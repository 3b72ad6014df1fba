import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Rehype plugin: keeps a bulletin's body accessible inside the page.
 * - The page's `<h1>` is the title, so body headings start at `<h2>`: all are shifted down when the
 *   body uses `#`.
 * - Tables get column header scopes and a focusable scrolling box (a labelled `<section>`, the native
 *   region), so phones never scroll sideways.
 * - GFM column alignment arrives as the obsolete `align` attribute; it becomes an `align-*` class
 *   that the stylesheet honours, so the page stays valid HTML5.
 */
export function rehypeTidyStructure() {
  return (tree: Root) => {
    let hasH1 = false;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'h1') hasH1 = true;
    });
    visit(tree, 'element', (node: Element, index, parent) => {
      if (hasH1 && /^h[1-5]$/.test(node.tagName)) node.tagName = `h${Number(node.tagName[1]) + 1}`;
      if (node.tagName === 'th' && node.properties.scope === undefined) {
        node.properties.scope = 'col';
      }
      if ((node.tagName === 'th' || node.tagName === 'td') && typeof node.properties.align === 'string') {
        node.properties.className = [...((node.properties.className as string[] | undefined) ?? []), `align-${node.properties.align}`];
        delete node.properties.align;
      }
      if (node.tagName === 'table' && parent && index !== undefined) {
        parent.children[index] = {
          type: 'element',
          tagName: 'section',
          properties: { className: ['table-scroll'], tabIndex: 0, ariaLabel: tableLabel(node) },
          children: [node],
        };
        // No 'skip': the walk still goes on into this table's cells (scope, align) from here.
      }
      return undefined;
    });
  };
}

function tableLabel(table: Element): string {
  const headers: string[] = [];
  visit(table, 'element', (node: Element) => {
    if (node.tagName === 'th' && headers.length < 3) headers.push(textOf(node));
  });
  return headers.filter(Boolean).join(' / ') || 'table';
}

function textOf(node: Element): string {
  let out = '';
  visit(node, 'text', (t: { value: string }) => {
    out += t.value;
  });
  return out.trim();
}
