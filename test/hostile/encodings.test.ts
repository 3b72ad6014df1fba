/** Files as editors really save them: a byte-order mark, Windows line endings, and attachments of any bytes. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, cleanupSites, readHtml } from '../helpers/site.js';
import { HOSTILE, prepareHostileSite } from './hostile-site.js';

afterAll(cleanupSites);

describe('encodings and odd files', () => {
  it('reads a file with a BOM and CRLF line endings like any other', async () => {
    const { root } = prepareHostileSite('bom-and-crlf');
    const result = await buildSite(root);
    expect(result.diagnostics).toEqual([]);
    const doc = readHtml(root, '2024/05/notice/index.html');
    expect(doc.querySelector('h1')!.textContent).toBe('明川市发布通知');
    expect(doc.querySelector('meta[name="Keywords"]')!.getAttribute('content')).toBe('防汛');
    expect(doc.querySelector('main')!.textContent).not.toMatch(/\r|\uFEFF|---/);
  });

  it('copies attachments byte for byte without reading them as bulletins', async () => {
    const { root } = prepareHostileSite('attachments-not-parsed');
    const result = await buildSite(root);
    expect(result.diagnostics).toEqual([]);
    for (const name of ['data.csv', 'readme.txt']) {
      const original = fs.readFileSync(path.join(HOSTILE, 'attachments-not-parsed/content/2024', name));
      expect(fs.readFileSync(path.join(root, 'dist/2024', name)).equals(original), name).toBe(true);
    }
  });
});
