import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite, cleanupSites, copyFixture, snapshot } from '../helpers/site.js';

afterAll(cleanupSites);

describe('a build told to stop (a newer save in watch mode)', () => {
  it('stops between stages, says so, and leaves the output folder exactly as it was', async () => {
    const root = copyFixture('sites/basic');
    expect((await buildSite(root)).ok).toBe(true);
    const before = snapshot(path.join(root, 'dist'));
    const page = path.join(root, 'content/2025/2025-08-15-open-day.md');
    fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('测试市政府开放日活动', '开放日（改期）'));
    for (const stopAfter of [0, 1, 2, 3]) {
      let checks = 0;
      const result = await buildSite(root, { signal: { get aborted() { return checks++ >= stopAfter; } } });
      expect(result.aborted, `stopped at check ${stopAfter}`).toBe(true);
      expect(result.write).toBeUndefined();
      expect(snapshot(path.join(root, 'dist'))).toEqual(before);
    }
    const finished = await buildSite(root, { signal: { aborted: false } });
    expect(finished.aborted).toBeUndefined();
    expect(snapshot(path.join(root, 'dist'))).not.toEqual(before);
  });
});
