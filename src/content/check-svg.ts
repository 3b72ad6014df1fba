import { xml2js, type Element } from 'xml-js';

/**
 * Why an SVG attachment is unsafe to publish, or undefined when it is safe. An SVG opened at its own
 * address is a document on the site's origin, so a script in it would run as the site (stored XSS).
 * Images with scripts, event handlers, `javascript:` links or embedded HTML are refused rather than
 * silently altered: the press officer should get a clean export from whoever drew it.
 */
export function unsafeSvgReason(text: string): string | undefined {
  let root: Element;
  try {
    root = xml2js(text, { compact: false }) as Element;
  } catch {
    return 'is not a well-formed SVG file';
  }
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const name = (node.name ?? '').toLowerCase().replace(/^.*:/, '');
    if (name === 'script') return 'contains a script';
    if (name === 'foreignobject') return 'embeds HTML (foreignObject)';
    for (const [attr, value] of Object.entries(node.attributes ?? {})) {
      if (/^on/i.test(attr)) return `has an event handler (${attr})`;
      if (/^\s*(javascript|data|vbscript):/i.test(String(value)) && /href$/i.test(attr)) return `links to a ${String(value).trim().split(':')[0]}: address`;
    }
    for (const child of node.elements ?? []) stack.push(child);
  }
  return undefined;
}
