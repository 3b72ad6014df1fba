import { afterAll, describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { bulletin, cleanupSites, FIXED_NOW, makeSite, readHtml } from './helpers/site.js';

afterAll(cleanupSites);

describe('the public API', () => {
  it('builds a site folder and formats its diagnostics, as the CLI does', async () => {
    const root = makeSite({ 'content/2025/2025-01-06-a.md': bulletin({ title: '接口测试', date: '2025-01-06 09:00', agencey: '某局' }) });
    const result = await api.build({ root, now: FIXED_NOW, cache: api.createBuildCache() });
    expect(result.ok).toBe(true);
    expect(readHtml(root, '2025/01/a/index.html').querySelector('h1')?.textContent).toBe('接口测试');
    expect(result.diagnostics.map(api.formatDiagnostic)).toEqual([expect.stringMatching(/^content\/2025\/2025-01-06-a\.md:4:\d+ agencey: .*"agency"/)]);
  });
});
