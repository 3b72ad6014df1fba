import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';

/** Remark plugin: with raw HTML off, says where HTML was dropped instead of losing it silently. */
export function remarkReportRawHtml() {
  return (tree: Root, file: VFile) => {
    // Raw HTML always starts with `<`; most bodies have none, and need no walk.
    if (!String(file.value).includes('<')) return;
    let reported = false;
    visit(tree, 'html', (node) => {
      if (reported || /^<!--[\s\S]*-->$/.test(node.value.trim())) return;
      reported = true;
      file.message('contains HTML, which is not shown. Write it in Markdown, or ask the web team to set allowHtml: true.', node);
    });
  };
}
