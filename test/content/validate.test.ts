import path from 'node:path';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { buildSite, cleanupSites, makeSite, readHtml } from '../helpers/site.js';

afterAll(cleanupSites);

const CONFIG = 'title: 测试市人民政府\nurl: https://www.example.gov.cn/\ndefaultAgency: 测试市科学技术局\n';

describe('front matter fields left empty', { timeout: 30_000 }, () => {
  it('are not given: a key with nothing after it builds as if the line were not there', async () => {
    // As a bulletin template leaves them: every optional key written, some not filled in.
    const withEmpty = ['---', 'title: 关于开展科普活动的通知', 'date: 2024-05-14 09:00', 'agency:', 'tags:', 'summary:', 'related:', 'slug:', 'source:', 'draft:', 'attachments:', 'expires:', '---', '', '各有关单位：现将有关事项通知如下。', ''].join('\n');
    const without = ['---', 'title: 关于开展科普活动的通知', 'date: 2024-05-14 09:00', '---', '', '各有关单位：现将有关事项通知如下。', ''].join('\n');
    const built = [];
    for (const text of [withEmpty, without]) {
      const root = makeSite({ 'bulletin.config.yaml': CONFIG, 'content/2024-05-14-kepu.md': text });
      const result = await buildSite(root);
      expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
      expect(result.ok).toBe(true);
      built.push(fs.readFileSync(path.join(root, 'dist/2024/05/kepu/index.html'), 'utf8'));
      const doc = readHtml(root, '2024/05/kepu/index.html');
      expect(doc.querySelector('h1')?.textContent).toBe('关于开展科普活动的通知');
    }
    expect(built[0]).toBe(built[1]);
  });

  it('an empty title is an error naming its line, as a missing one is', async () => {
    const root = makeSite({ 'bulletin.config.yaml': CONFIG, 'content/2024-05-14-kepu.md': '---\ndate: 2024-05-14 09:00\ntitle:\ntags:\n---\n\n正文。\n' });
    const result = await buildSite(root);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      'content/2024-05-14-kepu.md:3:1 title: is empty. Every bulletin needs a title (标题). Add a line such as title: 关于举办科技活动周的通知 to the front matter.',
    ]);
  });
});
