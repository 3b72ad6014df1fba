import type { Root, Element } from 'hast';
import { visit } from 'unist-util-visit';
import { forEachElement } from './walk-elements.js';

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
    // One walk: headings are collected and shifted after it, once it is known whether an h1 occurs.
    const headings: Element[] = [];
    let hasH1 = false;
    forEachElement(tree, (node, index, parent) => {
      if (HEADING.test(node.tagName)) {
        headings.push(node);
        if (node.tagName === 'h1') hasH1 = true;
      }
      if (node.tagName === 'th' && node.properties.scope === undefined) {
        node.properties.scope = 'col';
      }
      if ((node.tagName === 'th' || node.tagName === 'td') && typeof node.properties.align === 'string') {
        node.properties.className = [...((node.properties.className as string[] | undefined) ?? []), `align-${node.properties.align}`];
        delete node.properties.align;
      }
      if (node.tagName === 'table') {
        parent.children[index] = {
          type: 'element',
          tagName: 'section',
          properties: { className: ['table-scroll'], tabIndex: 0, ariaLabel: tableLabel(node) },
          children: [node],
        };
        // The walk still goes on into this table's cells (scope, align) from here.
      }
    });
    if (hasH1) for (const node of headings) node.tagName = `h${Number(node.tagName[1]) + 1}`;
  };
}

/** Headings that move down a level; an h6 stays h6, there is no h7. */
const HEADING = /^h[1-5]$/;

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
