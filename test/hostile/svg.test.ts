import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { bulletin, buildSite, cleanupSites, makeSite } from '../helpers/site.js';

afterAll(cleanupSites);

const CLEAN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>图</title><rect width="10" height="10" fill="#a8071a"/></svg>';

function siteWith(svg: string) {
  return makeSite({
    'content/2025/2025-03-01-map.md': bulletin({ title: '示意图', date: '2025-03-01 09:00' }, '![园区示意图](images/map.svg)'),
    'content/2025/images/map.svg': svg,
  });
}

describe('SVG attachments', () => {
  it('publishes a clean SVG image byte for byte', async () => {
    const root = siteWith(CLEAN);
    const result = await buildSite(root);
    expect(result.ok).toBe(true);
    expect(fs.readFileSync(path.join(root, 'dist/2025/images/map.svg'), 'utf8')).toBe(CLEAN);
  });

  it.each([
    ['a script element', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'contains a script'],
    ['an event handler', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>', 'has an event handler (onload)'],
    ['a javascript: link', '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"><rect/></a></svg>', 'links to a javascript: address'],
    ['embedded HTML', '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>', 'embeds HTML (foreignObject)'],
  ])('refuses an SVG with %s, naming the file, and publishes nothing', async (_case, svg, reason) => {
    const root = siteWith(svg);
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([
      `content/2025/images/map.svg ${reason}, and an SVG is published as a page of the site, where a script would run. Export the image again without scripts or links, or publish it as PNG.`,
    ]);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });
});
