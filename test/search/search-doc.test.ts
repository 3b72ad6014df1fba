import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { searchDocs } from '../../src/search/search-doc.js';
import { bulletin, buildSite, cleanupSites, makeSite } from '../helpers/site.js';
import { renderBulletins } from '../../src/markdown/render-all.js';

afterAll(cleanupSites);

describe('searchDocs', () => {
  it('numbers the shown bulletins newest first, with page address, display date, facets and searchable text', async () => {
    const root = makeSite({
      'content/2024/05/old.md': bulletin({ title: '旧稿', date: '2024-05-01 09:00', tags: ['水务'] }, '第一段。\n\n第二段。'),
      'content/2025/01/new.md': bulletin({ title: 'New release', date: '2025-01-02 10:00', lang: 'en', summary: 'Explicit summary.' }, 'Body text.'),
      'content/2025/02/gone.md': bulletin({ title: '撤回稿', date: '2025-02-01', withdrawn: { date: '2025-02-02', reason: '有误' } }),
    });
    const result = await buildSite(root, { write: false });
    // A build lets the bodies go once they are rendered: read again here.
    const bodyOf = (b: { file: string }) => parseFrontMatter(fs.readFileSync(path.join(root, b.file), 'utf8'), b.file).body;
    const { rendered } = await renderBulletins(result.plan!.bulletins, result.config!, new Set(), undefined, { bodyOf });
    const docs = searchDocs(result.plan!, rendered);
    expect(docs.map((d) => [d.id, d.title, d.url, d.date, d.year, d.lang])).toEqual([
      [0, 'New release', '2025/01/new/', '2 January 2025', 2025, 'en'],
      [1, '旧稿', '2024/05/old/', '2024-05-01', 2024, 'zh-CN'],
    ]);
    // An explicit summary is searched too; a derived one is the body's start, so it is not doubled.
    expect(docs[0]!.text).toBe('Explicit summary.\nBody text.');
    expect(docs[1]!.text.split('第一段')).toHaveLength(2);
    expect(docs[1]!.tags).toEqual(['水务']);
  });
});
