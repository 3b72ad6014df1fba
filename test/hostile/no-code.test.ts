/**
 * gray-matter evaluates `---js` front matter with `eval`. bulletin must refuse it end to end: the
 * build fails with a message naming the file, and the payload never runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { buildSite, cleanupSites, makeSite } from '../helpers/site.js';

afterAll(cleanupSites);

/** Front matter that writes `target` when evaluated as JavaScript. */
const payload = (target: string) => `{ title: require('fs').writeFileSync(${JSON.stringify(target)}, 'pwned') || 'pwned', date: '2024-05-14' }`;

describe('front matter in a programming language', () => {
  it('uses a payload that does write its file when gray-matter is left to run it', () => {
    // Positive control: if the payload were broken, the tests below would pass for the wrong reason.
    const root = makeSite({});
    const target = path.join(root, 'control.txt');
    matter(`---js\n${payload(target)}\n---\nBody\n`, {});
    expect(fs.readFileSync(target, 'utf8')).toBe('pwned');
  });

  for (const opening of ['---js', '---javascript', '--- JavaScript', '---coffee', '---json']) {
    it(`refuses ${opening} front matter without running it, naming the file and line`, async () => {
      const root = makeSite({ 'content/ok.md': '---\ntitle: 正常稿件\ndate: 2024-05-13\n---\n正文。\n' });
      const target = path.join(root, 'pwned.txt');
      fs.writeFileSync(path.join(root, 'content/evil.md'), `${opening}\n${payload(target)}\n---\n正文。\n`);
      const result = await buildSite(root);
      expect(fs.existsSync(target)).toBe(false);
      expect(result.ok).toBe(false);
      const word = opening.slice(3).trim();
      expect(result.diagnostics.map(formatDiagnostic)).toEqual([
        `content/evil.md:1:${opening.indexOf(word) + 1} front matter is written as "${word}", which bulletin does not run. Write it as YAML between two --- lines.`,
      ]);
      expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
    });
  }
});
